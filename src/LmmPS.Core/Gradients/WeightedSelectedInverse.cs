using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>S = L^-T W L^-1 on the pattern of the blocked factor L (W diagonal, the weights of the log diagonal
/// elements of L in the objective), the one matrix the gradient needs (docs/gradient.md). It satisfies
/// S L = L^-T W, whose columns give the weighted Takahashi recurrence used block by block:
/// <list type="bullet">
/// <item>dense trailing part T = [later terms, X, y]: S_TT = U' W_T U with U = L_T^-1, formed as a sum of rank-b updates
/// over column panels of U' (only rows 0..k1 of a panel ending at k1 are non-zero, so this costs m^3/3, not m^3);</item>
/// <item>first term, level l, with T_l its pattern rows (sparse panel rows, then X and y):
/// S[T_l, l] = -S_TT[T_l, T_l] L[T_l, l] L_ll^-1 and S_ll = (L_ll^-T - S[T_l, l]' L[T_l, l]) L_ll^-1 (W = I there).</item>
/// </list>
/// Entries of S between two levels of the first term are off the pattern and never formed. Nothing here inverts
/// Lambda, so theta on the boundary (a template singular) is fine: L itself is never singular.</summary>
internal sealed class WeightedSelectedInverse
{
    private const int PanelWidth = 64;

    private readonly BlockedFactor _factor;
    private readonly TrailingMatrix _work;
    private readonly TrailingMatrix _s;
    private readonly int[] _index;
    private readonly double[] _lColumn;
    private readonly double[] _sColumn;
    private double[]? _blockRows;
    private double[]? _blockProduct;

    public WeightedSelectedInverse(BlockedFactor factor)
    {
        factor.RequireDense("The gradient's selected inverse");
        _factor = factor;
        var a = factor.CrossProduct;
        int m = a.TrailingSize, k0 = a.FirstColumns;
        MemoryGuard.EnsureAvailable(2L * m * m * sizeof(double), $"the gradient's weighted inverse of the dense part ({m} x {m}, twice)");
        _s = TrailingMatrix.Allocate(m, a.LaterRows);
        Trailing = _s.Values;
        _work = TrailingMatrix.Allocate(m, a.LaterRows);
        FirstDiagonal = new double[factor.First.Values.Length];
        FirstSparse = new double[factor.Sparse.Values.Length];
        FirstDense = new double[factor.Dense.Values.Length];
        int widest = 0;
        for (int l = 0; l < a.FirstLevels; l++)
            widest = Math.Max(widest, factor.Sparse.NonZerosIn(l));
        widest += a.FixedColumns + 1;
        _index = new int[widest];
        _lColumn = new double[widest * k0];
        _sColumn = new double[widest * k0];
    }

    /// <summary>S_TT, full symmetric m x m column-major (both triangles filled, so a row is a contiguous column).</summary>
    public double[] Trailing { get; }

    /// <summary>S_ll per level of the first term: k0 x k0 column-major blocks, as <see cref="UniformBlockDiagonal"/>.</summary>
    public double[] FirstDiagonal { get; }

    /// <summary>S[pattern rows of later terms, level l] in the layout of <see cref="BlockSparsePanel.Values"/>.</summary>
    public double[] FirstSparse { get; }

    /// <summary>S[X and y rows, first-term columns] in the layout of <see cref="DenseRowPanel.Values"/>.</summary>
    public double[] FirstDense { get; }

    /// <summary>Forms S for the factor's current theta. The weights are 1 on random-effect rows.</summary>
    /// <param name="fixedWeight">Weight of the fixed-effect rows (REML 1, ML 0); must be >= 0.</param>
    /// <param name="responseWeight">Weight of the y row (N or N - p); must be >= 0.</param>
    public void Compute(double fixedWeight, double responseWeight)
    {
        ComputeTrailing(fixedWeight, responseWeight, null);
        ComputeFirstTerm();
    }

    /// <summary>Forms S with W = I on the random-effect rows and a dense symmetric (p+1) x (p+1) block on the [X y]
    /// rows: the weight of an objective that depends on the Schur complement C = B B' of the [X y] block (B the
    /// factor's trailing (p+1) x (p+1) block) through g(C), where the block is B' (dg/dC) B (docs/gradient.md,
    /// "A prior"). The block may be indefinite: it is added as U_b' W_b U_b after the diagonal part, U_b the last
    /// p+1 rows of L_T^-1, at (p+1) m^2 extra flops.</summary>
    /// <param name="responseBlock">W_b, column-major (p+1) x (p+1), both triangles.</param>
    public void Compute(double[] responseBlock)
    {
        if (responseBlock is null) throw new ArgumentNullException(nameof(responseBlock));
        int b = _factor.CrossProduct.FixedColumns + 1;
        if (responseBlock.Length != b * b)
            throw new ArgumentException($"The response block has {responseBlock.Length} elements; it must be {b} x {b}.", nameof(responseBlock));
        ComputeTrailing(0.0, 0.0, responseBlock);
        ComputeFirstTerm();
    }

    private void ComputeTrailing(double fixedWeight, double responseWeight, double[]? responseBlock)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows;
        var u = _work;
        TriangularInverse.InvertLower(_factor.Trailing, 0, m, m, u.Values, _factor.Kernels.MaxThreads, _factor.Cancellation);
        // The rows of U the dense block weighs are overwritten below (u and the SYRK target share _work): keep them.
        if (responseBlock is not null)
            CopyResponseRows(u, m, qd);

        // P = (W^1/2 U)': column k of P is row k of U scaled by sqrt(w_k); S = P P'. The weights are never negative
        // in a profiled deviance, so the square root is real.
        var p = Trailing;
        for (int k = 0; k < m; k++)
        {
            double w = k < qd ? 1.0 : k < m - 1 ? fixedWeight : responseWeight;
            double root = Math.Sqrt(w);
            long col = _s.Position(0, k);
            for (int i = 0; i <= k; i++)
                p[col + i] = root * u[k, i];
            for (int i = k + 1; i < m; i++)
                p[col + i] = 0.0;
        }

        // C -= P P' panel by panel; rows below a panel's last column are zero in P, so each update stops there.
        var c = _work;
        Array.Clear(c.Values, 0, c.Values.Length);
        for (int k0 = 0; k0 < m; k0 += PanelWidth)
        {
            int kb = Math.Min(PanelWidth, m - k0);
            SymmetricRankUpdate.Apply(c.Values, 0, m, k0 + kb, p, _s.Offset(0, k0), m, kb, _factor.Kernels.MaxThreads, _factor.Cancellation);
        }
        for (int col = 0; col < m; col++)
            for (int row = col; row < m; row++)
            {
                _s.SetSymmetric(row, col, -c[row, col]);
            }
        if (responseBlock is not null)
            AddResponseBlock(responseBlock, m, qd);
    }

    /// <summary>_blockRows: U's p+1 rows of [X y], row t from t * m (<see cref="TrailingMatrix.CopyBorderRows"/>).</summary>
    private void CopyResponseRows(TrailingMatrix u, int m, int qd)
    {
        int b = m - qd;
        if (_blockRows is null || _blockRows.Length != b * m)
        {
            _blockRows = new double[b * m];
            _blockProduct = new double[b * m];
        }
        u.CopyBorderRows(_blockRows);
    }

    /// <summary>S_TT += U_b' W_b U_b: Y = W_b U_b first ((p+1)^2 m), then the lower triangle gains U_b[t, :]' Y[t, :] per row t of
    /// U_b ((p+1) m^2 / 2); U_b[t, col] is zero for col > qd + t, which bounds both indices.</summary>
    private void AddResponseBlock(double[] weight, int m, int qd)
    {
        int b = m - qd;
        var ub = _blockRows!;
        var y = _blockProduct!;
        Array.Clear(y, 0, y.Length);
        for (int t = 0; t < b; t++)
            for (int s = 0; s < b; s++)
            {
                double w = weight[s * b + t];
                if (w == 0.0) continue;
                int yo = t * m, uo = s * m, last = qd + s;
                for (int col = 0; col <= last; col++)
                    y[yo + col] += w * ub[uo + col];
            }
        // Column by column of the lower triangle, contiguous in the row index; then the upper triangle is mirrored.
        for (int t = 0; t < b; t++)
        {
            int uo = t * m, last = qd + t;
            for (int col = 0; col <= last; col++)
            {
                double yc = y[uo + col];
                if (yc == 0.0) continue;
                long co = _s.Position(0, col);
                for (int row = col; row <= last; row++)
                    Trailing[co + row] += ub[uo + row] * yc;
            }
        }
        _s.MirrorLower();
    }

    private void ComputeFirstTerm()
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, k0 = a.FirstColumns, xy = a.FixedColumns + 1;
        var sparse = _factor.Sparse;
        var dense = _factor.Dense;
        var first = _factor.First.Values;
        int width = dense.ColumnCount, kk = k0 * k0;
        Span<double> inverse = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        Span<double> q = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        for (int l = 0; l < a.FirstLevels; l++)
        {
            int nnz = sparse.NonZerosIn(l), start = nnz == 0 ? 0 : sparse.LevelStart[l], rows = nnz + xy;
            // Gather L[T_l, l] (rows x k0, column-major) and the trailing index of each row.
            for (int e = 0; e < nnz; e++)
                _index[e] = sparse.Rows[start + e];
            for (int t = 0; t < xy; t++)
                _index[nnz + t] = qd + t;
            for (int c = 0; c < k0; c++)
            {
                int so = nnz == 0 ? 0 : sparse.ColumnOffset(l, c);
                for (int e = 0; e < nnz; e++)
                    _lColumn[c * rows + e] = sparse.Values[so + e];
                for (int t = 0; t < xy; t++)
                    _lColumn[c * rows + nnz + t] = dense.Values[t * width + l * k0 + c];
            }

            // S[T_l, l] = -S_TT[T_l, T_l] L[T_l, l] L_ll^-1.
            Array.Clear(_sColumn, 0, rows * k0);
            for (int j = 0; j < rows; j++)
            {
                long col = _s.Position(0, _index[j]);
                for (int c = 0; c < k0; c++)
                {
                    double lj = _lColumn[c * rows + j];
                    if (lj == 0.0) continue;
                    int so = c * rows;
                    for (int i = 0; i < rows; i++)
                        _sColumn[so + i] -= Trailing[col + _index[i]] * lj;
                }
            }
            int block = l * kk;
            for (int i = 0; i < rows; i++)
                SolveRowRight(first, block, k0, _sColumn, i, rows);
            for (int c = 0; c < k0; c++)
            {
                int so = nnz == 0 ? 0 : sparse.ColumnOffset(l, c);
                for (int e = 0; e < nnz; e++)
                    FirstSparse[so + e] = _sColumn[c * rows + e];
                for (int t = 0; t < xy; t++)
                    FirstDense[t * width + l * k0 + c] = _sColumn[c * rows + nnz + t];
            }

            // S_ll = (L_ll^-T - S[T_l, l]' L[T_l, l]) L_ll^-1.
            DenseTriangular.InvertSmallLower(first, block, k0, inverse);
            for (int c = 0; c < k0; c++)
                for (int r = 0; r < k0; r++)
                {
                    double s = inverse[r * k0 + c]; // (L^-1)' [r, c] = L^-1 [c, r]
                    for (int i = 0; i < rows; i++)
                        s -= _sColumn[r * rows + i] * _lColumn[c * rows + i];
                    q[c * k0 + r] = s;
                }
            for (int r = 0; r < k0; r++)
                SolveRowRight(first, block, k0, q, r, k0);
            for (int i = 0; i < kk; i++)
                FirstDiagonal[block + i] = q[i];
        }
    }

    /// <summary>Row i of the column-major matrix x (leading dimension ld, k columns) := row * L_b^-1, L_b the lower
    /// k x k block at values[o]: solve y L_b = row from the last column back.</summary>
    internal static void SolveRowRight(double[] values, int o, int k, Span<double> x, int i, int ld)
    {
        for (int c = k - 1; c >= 0; c--)
        {
            double s = x[c * ld + i];
            for (int r = c + 1; r < k; r++)
                s -= x[r * ld + i] * values[o + c * k + r];
            x[c * ld + i] = s / values[o + c * k + c];
        }
    }
}
