using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>The analytic gradient of the profiled objective over theta on the sparse trailing factor: the general path
/// of docs/gradient.md (sections 3-4) with S = L^-T W L^-1 read on L's pattern only.
/// <list type="bullet">
/// <item>Trailing part [later levels, X, y]: S_TT on the supernodal factor's pattern by the weighted Takahashi
/// recurrence (<see cref="SelectedInverse.Compute(SupernodalCholesky, double[])"/>, W = 1 on the later rows, the
/// criterion's weights on the border, which is kept last).</item>
/// <item>First term, level l, T_l = the later rows R its block column meets (a clique of the pattern) and the border:
/// S[T_l, l] = -S_TT[T_l, T_l] L[T_l, l] L_ll^-1, S_ll = (L_ll^-T - S[T_l, l]' L[T_l, l]) L_ll^-1.</item>
/// <item>df/dtheta_j = 2 sum over levels of (S Lambda' A)[(l, c), (l, r)]: for the first term from A_ll, A[R, l] and
/// A[Xy, l]; for a later (scalar) level r from the first-term levels whose R holds r (T0' A[l0, r] against S[r, l0])
/// and from A_TT's column r, whose entries lie on L's pattern (against S_TT[r, .]).</item>
/// </list>
/// Every sum runs in a fixed order on one thread (the selected inverse's kernels split with fixed sums), so the result
/// does not depend on the thread count; the cost is the selected inverse's (about the factorization's) plus
/// |T_l|^2 k0 per first-term level, independent of the number of observations.</summary>
internal sealed class SparseGradient
{
    private readonly BlockedFactor _factor;
    private readonly ThetaLayout _layout;
    private SymmetricPattern? _mapped;
    private int[] _entryPositions = Array.Empty<int>();

    public SparseGradient(BlockedFactor factor, ThetaLayout layout)
    {
        _factor = factor;
        _layout = layout;
    }

    /// <summary>Writes d f / d theta into <paramref name="gradient"/>, f the criterion's objective. The factor must hold
    /// theta (checked) and be of the sparse kind.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Compute(ReadOnlySpan<double> theta, ProfiledCriterion criterion, Span<double> gradient)
    {
        var sf = _factor.SparseTrailing ?? throw new InvalidOperationException("The sparse gradient needs the sparse trailing factor.");
        int qd = sf.LaterRows, m = sf.Order;
        var weights = new double[m];
        for (int j = 0; j < m; j++) weights[j] = j < qd ? 1.0 : j < m - 1 ? criterion.LogDetLXWeight : criterion.ResponseWeight;
        Compute(theta, weights, null, gradient);
    }

    /// <summary>d f / d theta for f = ldL2 + g(C), C the Schur complement of the [X y] block (a prior's objective):
    /// W = I on the later rows and the dense <paramref name="responseBlock"/> = B' (dg/dC) B on the border
    /// (Priors/PriorGradient; the dense path's <c>ProfiledDevianceGradient.Compute(theta, responseBlock, ...)</c>).</summary>
    public void Compute(ReadOnlySpan<double> theta, double[] responseBlock, Span<double> gradient)
    {
        var sf = _factor.SparseTrailing ?? throw new InvalidOperationException("The sparse gradient needs the sparse trailing factor.");
        var weights = new double[sf.Order];
        for (int j = 0; j < weights.Length; j++) weights[j] = 1.0;
        Compute(theta, weights, responseBlock, gradient);
    }

    [MethodImpl(JitHints.Hot)]
    private void Compute(ReadOnlySpan<double> theta, double[] weights, double[]? borderBlock, Span<double> gradient)
    {
        _factor.CheckAt(theta);
        var sf = _factor.SparseTrailing!;
        var shape = _factor.CrossProduct.SparseTrailing!;
        int qd = sf.LaterRows;
        var s = SelectedInverse.Compute(sf.Cholesky, weights, borderBlock, _factor.Cancellation);

        gradient.Slice(0, _layout.Count).Clear();
        var later = new double[qd];
        FirstTerm(theta, sf, s, later, gradient);
        LaterFromTrailing(shape, sf, s, later);
        var a = _factor.CrossProduct;
        for (int j = 1; j < _layout.Sizes.Length; j++)
        {
            int end = j + 1 < _layout.Sizes.Length ? a.TermRowOffset[j + 1] : qd;
            double total = 0.0;
            for (int r = a.TermRowOffset[j]; r < end; r++) total += later[r];
            gradient[_layout.Offsets[j]] = 2.0 * total;
        }
    }

    /// <summary>The first term's S blocks level by level: its own gradient block, and each later row's share
    /// S[r, l] (T0' A[l, r]) into <paramref name="later"/>.</summary>
    [MethodImpl(JitHints.Hot)]
    private void FirstTerm(ReadOnlySpan<double> theta, SparseTrailingFactor sf, double[] s, double[] later, Span<double> gradient)
    {
        var a = _factor.CrossProduct;
        int k0 = a.FirstColumns, kk = k0 * k0, qd = sf.LaterRows, b = sf.BorderSize;
        var t0 = new double[kk];
        _layout.FillTemplate(theta, 0, t0);
        var sparse = _factor.Sparse;
        var dense = _factor.Dense;
        var aSparse = a.Sparse;
        var aDense = a.Dense.Values;
        var aFirst = a.First.Values;
        var first = _factor.First.Values;
        var f = _factor.Scaling.ScalarFactor;
        int width = dense.ColumnCount;
        int widest = 0;
        for (int l = 0; l < a.FirstLevels && sparse.RowCount > 0; l++) widest = Math.Max(widest, sparse.NonZerosIn(l));
        widest += b;
        var index = new int[widest];
        var lColumn = new double[widest * k0];
        var sColumn = new double[widest * k0];
        var block = new double[widest * widest];
        var inverse = new double[kk];
        var q = new double[kk];
        var ta = new double[kk];
        var total = new double[kk];
        var tA = new double[k0];
        var shape = a.SparseTrailing!;
        var positions = EntryPositions(shape, sf.Cholesky.Symbolic);
        var pairs = shape.PairPositions;
        // S_BB, the same for every level.
        var border = new double[b * b];
        for (int t = 0; t < b; t++)
            for (int u = t; u < b; u++)
                border[t * b + u] = border[u * b + t] = s[positions[shape.BorderPosition(qd + u, qd + t)]];
        for (int l = 0; l < a.FirstLevels; l++)
        {
            int nnz = sparse.RowCount > 0 ? sparse.NonZerosIn(l) : 0, start = nnz == 0 ? 0 : sparse.LevelStart[l], rows = nnz + b;
            for (int e = 0; e < nnz; e++) index[e] = sparse.Rows[start + e];
            for (int t = 0; t < b; t++) index[nnz + t] = qd + t;
            for (int c = 0; c < k0; c++)
            {
                int so = nnz == 0 ? 0 : sparse.ColumnOffset(l, c);
                for (int e = 0; e < nnz; e++) lColumn[c * rows + e] = sparse.Values[so + e];
                for (int t = 0; t < b; t++) lColumn[c * rows + nnz + t] = dense.Values[t * width + l * k0 + c];
            }
            // S_TT[T_l, T_l]: T_l is a clique of A's pattern (R's pairs, R against the border, the border), which lies
            // inside L's; read through the level's downdate map and the entries' places in L.
            int pair = shape.PairStart[l];
            for (int x = 0; x < nnz; x++)
            {
                for (int y = x; y < nnz; y++)
                    block[x * rows + y] = block[y * rows + x] = s[positions[pairs[pair++]]];
                for (int t = 0; t < b; t++)
                    block[x * rows + nnz + t] = block[(nnz + t) * rows + x] = s[positions[shape.BorderPosition(qd + t, index[x])]];
            }
            for (int t = 0; t < b; t++)
                for (int u = 0; u < b; u++)
                    block[(nnz + t) * rows + nnz + u] = border[t * b + u];

            // S[T_l, l] = -S_TT[T_l, T_l] L[T_l, l] L_ll^-1.
            Array.Clear(sColumn, 0, rows * k0);
            for (int j = 0; j < rows; j++)
                for (int c = 0; c < k0; c++)
                {
                    double lj = lColumn[c * rows + j];
                    if (lj == 0.0) continue;
                    int so = c * rows, bo = j * rows;
                    for (int i = 0; i < rows; i++) sColumn[so + i] -= block[bo + i] * lj;
                }
            int o = l * kk;
            for (int i = 0; i < rows; i++) WeightedSelectedInverse.SolveRowRight(first, o, k0, sColumn, i, rows);

            // S_ll = (L_ll^-T - S[T_l, l]' L[T_l, l]) L_ll^-1.
            DenseTriangular.InvertSmallLower(first, o, k0, inverse);
            for (int c = 0; c < k0; c++)
                for (int r = 0; r < k0; r++)
                {
                    double v = inverse[r * k0 + c];
                    for (int i = 0; i < rows; i++) v -= sColumn[r * rows + i] * lColumn[c * rows + i];
                    q[c * k0 + r] = v;
                }
            for (int r = 0; r < k0; r++) WeightedSelectedInverse.SolveRowRight(first, o, k0, q, r, k0);

            // G[c, r] = S_ll (T0' A_ll) + S[R, l]' (Lambda_D' A[R, l]) + S[Xy, l]' A[Xy, l], stored at r * k0 + c.
            for (int r = 0; r < k0; r++)
                for (int c = 0; c < k0; c++)
                {
                    double v = 0.0;
                    for (int mm = c; mm < k0; mm++) v += t0[c * k0 + mm] * aFirst[o + r * k0 + mm];
                    ta[r * k0 + c] = v;
                }
            for (int r = 0; r < k0; r++)
            {
                int ar = nnz == 0 ? 0 : aSparse.ColumnOffset(l, r);
                for (int c = 0; c < k0; c++)
                {
                    double v = 0.0;
                    for (int mm = 0; mm < k0; mm++) v += q[mm * k0 + c] * ta[r * k0 + mm];
                    for (int e = 0; e < nnz; e++) v += sColumn[c * rows + e] * f[index[e]] * aSparse.Values[ar + e];
                    for (int t = 0; t < b; t++) v += sColumn[c * rows + nnz + t] * aDense[t * width + l * k0 + r];
                    total[r * k0 + c] += v;
                }
            }

            // Later row r = R[e]: S[r, l] (T0' A[l, r]).
            for (int e = 0; e < nnz; e++)
            {
                for (int c = 0; c < k0; c++)
                {
                    double v = 0.0;
                    for (int mm = c; mm < k0; mm++) v += t0[c * k0 + mm] * aSparse.Values[aSparse.ColumnOffset(l, mm) + e];
                    tA[c] = v;
                }
                double g = 0.0;
                for (int c = 0; c < k0; c++) g += sColumn[c * rows + e] * tA[c];
                later[index[e]] += g;
            }
        }
        int idx = _layout.Offsets[0];
        for (int c = 0; c < k0; c++)
            for (int r = c; r < k0; r++)
                gradient[idx++] = 2.0 * total[r * k0 + c];
    }

    /// <summary>Later row r: S_TT[r, .] (Lambda_T' A_TT)[., r] over A_TT's stored lower triangle, each entry (i, j)
    /// serving column j (a later row) and, off the diagonal, column i.</summary>
    [MethodImpl(JitHints.Hot)]
    private void LaterFromTrailing(SparseTrailing shape, SparseTrailingFactor sf, double[] s, double[] later)
    {
        var positions = EntryPositions(shape, sf.Cholesky.Symbolic);
        var rows = shape.Pattern.RowIndices;
        var columns = shape.ColumnOfEntry;
        var values = shape.Values;
        var f = _factor.Scaling.ScalarFactor;
        int qd = sf.LaterRows;
        for (int k = 0; k < values.Length; k++)
        {
            int i = rows[k], j = columns[k];
            if (j >= qd) break; // the border's own block serves no later row (columns ascend)
            double v = values[k];
            if (v == 0.0) continue;
            double sij = s[positions[k]];
            later[j] += sij * f[i] * v;
            if (i != j && i < qd) later[i] += sij * f[j] * v;
        }
    }

    /// <summary>Where each entry of A_TT's pattern lies in L's block layout (A's pattern is inside L's), built once per
    /// pattern.</summary>
    private int[] EntryPositions(SparseTrailing shape, SymbolicCholesky sym)
    {
        if (ReferenceEquals(_mapped, shape.Pattern)) return _entryPositions;
        var rows = shape.Pattern.RowIndices;
        var columns = shape.ColumnOfEntry;
        var positions = new int[rows.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            positions[k] = SelectedInverse.Position(sym, rows[k], columns[k]);
            if (positions[k] < 0)
                throw new InvalidOperationException($"Entry ({rows[k]}, {columns[k]}) of the cross-product lies outside the factor's pattern.");
        }
        _entryPositions = positions;
        _mapped = shape.Pattern;
        return positions;
    }
}
