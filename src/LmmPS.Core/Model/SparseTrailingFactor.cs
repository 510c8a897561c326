using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Core.Model;

/// <summary>The sparse kind of the factor's trailing part: M = Lambda' A_T Lambda + diag(I, 0) - W W' over [later
/// levels, X, y] (W the first term's solved block column), on the bordered pattern of <see cref="SparseTrailing"/>,
/// factored by the supernodal Cholesky in its fill-reducing order with [X y] kept last. So L's last p + 1 columns
/// are the dense block [L_X 0; l_yX' l_yy] and every supernode's last p + 1 rows are the border L_BD: the same
/// blocks as the dense kind's, in another layout, which only <see cref="TrailingReader"/> reads.
/// <para>The downdate W W' goes level by level of the first term: its block column's rows R are a clique of the
/// pattern (<see cref="SparseTrailing.PairPositions"/>), its [X y] rows the border. One thread and a fixed order, so
/// the numbers do not depend on the thread count; the supernodal factor's own kernels split by strips with fixed
/// sums.</para></summary>
internal sealed class SparseTrailingFactor
{
    private readonly SparseTrailing _shape;
    private readonly double[] _lower;

    public SparseTrailingFactor(SparseTrailing shape, int maxThreads)
    {
        _shape = shape;
        _lower = new double[shape.Pattern.Count];
        Cholesky = new SupernodalCholesky(shape.Symbolic, maxThreads);
        Border = new double[(Order - shape.LaterRows) * (Order - shape.LaterRows)];
    }

    public SupernodalCholesky Cholesky { get; }

    public SymbolicCholesky Symbolic => _shape.Symbolic;

    public int Order => _shape.Order;

    public int LaterRows => _shape.LaterRows;

    /// <summary>The dense (p+1) x (p+1) block [L_X 0; l_yX' l_yy], column-major lower, copied out of the factor after
    /// each factorization.</summary>
    public double[] Border { get; }

    public int BorderSize => Order - LaterRows;

    /// <summary>M := Lambda' A_T Lambda + diag(I, 0) on the pattern, for the cross-product <paramref name="a"/> (of the
    /// same pattern as this factor's), Lambda over the later rows given by <paramref name="scaling"/> (diagonal: every
    /// later term has one column). The first of the steps <see cref="BlockKernels"/> runs on this kind.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Form(SparseTrailing a, RowScaling scaling)
    {
        var lower = _lower;
        var source = a.Values;
        var rows = a.Pattern.RowIndices;
        var columns = a.ColumnOfEntry;
        var f = scaling.ScalarFactor;
        for (int k = 0; k < lower.Length; k++)
            lower[k] = source[k] * f[rows[k]] * f[columns[k]];
        var starts = a.Pattern.ColumnStarts;
        for (int r = 0; r < LaterRows; r++)
            lower[starts[r]] += 1.0;
    }

    /// <summary>M -= W W' over the later rows' columns: per first-term level, its later rows (S = L[D,F]) against each
    /// other and against the border (D = L[B,F]).</summary>
    [MethodImpl(JitHints.Hot)]
    public void DowndateByLevels(SparseTrailing a, BlockSparsePanel sparse, DenseRowPanel dense)
    {
        var lower = _lower;
        int qd = LaterRows, b = BorderSize;
        int k0 = sparse.ColumnsPerLevel;
        var w = sparse.Values;
        var d = dense.Values;
        int width = dense.ColumnCount;
        var pairs = a.PairPositions;
        for (int l = 0; l < sparse.LevelCount; l++)
        {
            int nnz = sparse.NonZerosIn(l), o = k0 * sparse.LevelStart[l], start = sparse.LevelStart[l], pair = a.PairStart[l];
            for (int x = 0; x < nnz; x++)
            {
                for (int y = x; y < nnz; y++)
                {
                    double s = 0.0;
                    for (int c = 0; c < k0; c++) s += w[o + c * nnz + x] * w[o + c * nnz + y];
                    lower[pairs[pair++]] -= s;
                }
                int row = sparse.Rows[start + x];
                for (int t = 0; t < b; t++)
                {
                    double s = 0.0;
                    for (int c = 0; c < k0; c++) s += d[t * width + l * k0 + c] * w[o + c * nnz + x];
                    lower[a.BorderPosition(qd + t, row)] -= s;
                }
            }
        }
    }

    /// <summary>The border's own block: M[B, B] -= D D' over every first-term column.</summary>
    [MethodImpl(JitHints.Hot)]
    public void DowndateBorder(SparseTrailing a, DenseRowPanel dense)
    {
        var lower = _lower;
        var d = dense.Values;
        int qd = LaterRows, b = BorderSize, width = dense.ColumnCount;
        for (int t = 0; t < b; t++)
            for (int u = t; u < b; u++)
            {
                double s = 0.0;
                int rt = t * width, ru = u * width;
                for (int c = 0; c < width; c++) s += d[rt + c] * d[ru + c];
                lower[a.BorderPosition(qd + u, qd + t)] -= s;
            }
    }

    /// <summary>Factors the formed and downdated M (supernodal Cholesky) and copies out <see cref="Border"/>; false
    /// when M is not numerically positive definite.</summary>
    [MethodImpl(JitHints.Hot)]
    public bool TryFactor(CancellationToken cancellationToken)
    {
        if (!Cholesky.TryFactor(_lower, cancellationToken)) return false;
        int qd = LaterRows, b = BorderSize;
        for (int t = 0; t < b; t++)
            for (int u = t; u < b; u++)
                Border[t * b + u] = BorderEntry(qd + u, qd + t);
        return true;
    }

    /// <summary>L[row, column] for a border row (original = factored number, &gt;= q_D) and a factored column: the
    /// border rows are the last rows of every supernode's block.</summary>
    public double BorderEntry(int row, int factoredColumn) => BorderEntry(Cholesky.Values, row, factoredColumn);

    /// <summary>As <see cref="BorderEntry(int, int)"/> in any array of L's block layout (its selected inverse).</summary>
    [MethodImpl(JitHints.Hot)]
    public double BorderEntry(double[] values, int row, int factoredColumn)
    {
        var sym = Cholesky.Symbolic;
        int s = sym.SupernodeOf[factoredColumn], height = sym.Height(s);
        return values[sym.Offsets[s] + (long)(factoredColumn - sym.First[s]) * height + height - (Order - row)];
    }

    /// <summary>L[row, later row r] for a border row and r in the original numbering of the later levels.</summary>
    public double BorderUnderLater(int row, int laterRow) => BorderEntry(row, Cholesky.Symbolic.InverseOrdering[laterRow]);

    /// <summary>log det(L_D)^2: the diagonal of the factor's first q_D (factored) columns.</summary>
    public double LogDetLaterSquared()
    {
        var sym = Cholesky.Symbolic;
        double s = 0.0;
        for (int j = 0; j < LaterRows; j++)
        {
            int n = sym.SupernodeOf[j], height = sym.Height(n), local = j - sym.First[n];
            s += Math.Log(Cholesky.Values[sym.Offsets[n] + (long)local * height + local]);
        }
        return 2.0 * s;
    }

    /// <summary>x := L_D^-T x for x over the later rows (original numbering): L' solved with the border's right-hand
    /// side zero, whose solution is zero there, leaves L_D^-T x in the leading part.</summary>
    public void SolveLaterTransposed(double[] x)
    {
        var inverse = Cholesky.Symbolic.InverseOrdering;
        var work = new double[Order];
        for (int r = 0; r < LaterRows; r++) work[inverse[r]] = x[r];
        Cholesky.SolveLowerTransposed(work);
        for (int r = 0; r < LaterRows; r++) x[r] = work[inverse[r]];
    }
}
