using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The numeric Cholesky P A P' = L L' on a <see cref="SymbolicCholesky"/>, supernodal and left-looking
/// (Ng and Peyton 1993; Davis, ch. 9): supernode s first gathers the updates of every earlier supernode d whose rows
/// reach s's columns, W = L[d rows from s on, d cols] L[d rows in s, d cols]', scattered into s's block through a
/// map from row to block position; then its diagonal block is factored by <see cref="DenseCholesky"/> and the rows
/// below solved against it. A supernode waits in a linked list at the supernode of its next pending row, so each
/// update is found in time proportional to the work it does. The dense steps use the project's dense kernels.
/// One instance per pattern; factor it again for new values (one per objective evaluation) without allocating.</summary>
internal sealed class SupernodalCholesky
{
    private readonly SymbolicCholesky _symbolic;
    private readonly int[] _map;
    private readonly int[] _waiting;
    private readonly int[] _nextWaiting;
    private readonly int[] _pending;
    private readonly SupernodeWorkspace _workspace;

    /// <param name="symbolic">The pattern's analysis.</param>
    /// <param name="maxThreads">Threads of the dense steps (results do not depend on it).</param>
    public SupernodalCholesky(SymbolicCholesky symbolic, int maxThreads = 1)
    {
        _symbolic = symbolic;
        MaxThreads = Math.Max(1, maxThreads);
        _workspace = new SupernodeWorkspace(MaxThreads);
        Values = new double[symbolic.StoredEntries];
        _map = new int[symbolic.Order];
        _waiting = new int[symbolic.SupernodeCount];
        _nextWaiting = new int[symbolic.SupernodeCount];
        _pending = new int[symbolic.SupernodeCount];
    }

    public SymbolicCholesky Symbolic => _symbolic;

    /// <summary>Threads of the dense steps, also used by <see cref="SelectedInverse"/> on this factor.</summary>
    public int MaxThreads { get; }

    /// <summary>The supernodes' blocks (see <see cref="SymbolicCholesky"/> for the layout).</summary>
    public double[] Values { get; }

    /// <summary>The factored-numbering column whose pivot was not positive in the last failed factorization, or -1.</summary>
    public int FailedColumn { get; private set; } = -1;

    /// <summary>Factors the matrix whose lower-triangle values are aligned with the symbolic's source pattern.
    /// Returns false when it is not numerically positive definite (<see cref="FailedColumn"/> says where).</summary>
    [MethodImpl(JitHints.Hot)]
    public bool TryFactor(double[] lowerValues, CancellationToken cancellationToken = default)
    {
        var sym = _symbolic;
        if (lowerValues.Length != sym.Source.Count)
            throw new ArgumentException($"Expected {sym.Source.Count} values (the pattern's entries), got {lowerValues.Length}.", nameof(lowerValues));
        var values = Values;
        Array.Clear(values, 0, values.Length);
        var target = sym.AssemblyTarget;
        for (int k = 0; k < target.Length; k++) values[target[k]] = lowerValues[k];
        FailedColumn = -1;
        _workspace.Cancellation = cancellationToken;
        int supernodes = sym.SupernodeCount;
        for (int s = 0; s < supernodes; s++) _waiting[s] = -1;
        var rows = sym.RowIndices;
        for (int s = 0; s < supernodes; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int f = sym.First[s], columns = sym.Columns(s), height = sym.Height(s), r0 = sym.RowStarts[s];
            int offset = (int)sym.Offsets[s];
            for (int i = 0; i < height; i++) _map[rows[r0 + i]] = i;
            int d = _waiting[s];
            _waiting[s] = -1;
            while (d >= 0)
            {
                int next = _nextWaiting[d];
                ApplyUpdate(d, s, offset, height);
                d = next;
            }
            if (!DenseCholesky.TryFactor(values, offset, height, columns, _workspace.Dense, null, cancellationToken))
            {
                FailedColumn = f;
                return false;
            }
            SupernodeKernels.SolveBelowDiagonal(values, offset, offset + columns, height, columns, height - columns, _workspace);
            if (height > columns)
                Wait(s, columns);
        }
        return true;
    }

    /// <summary>Subtracts from supernode s's block the contribution of the earlier supernode d, whose rows from
    /// _pending[d] on start inside s's columns, then moves d on to the supernode of its next row past s.</summary>
    [MethodImpl(JitHints.Hot)]
    private void ApplyUpdate(int d, int s, int offset, int height)
    {
        var sym = _symbolic;
        var rows = sym.RowIndices;
        int dr0 = sym.RowStarts[d], dHeight = sym.Height(d), p = _pending[d];
        int last = sym.First[s + 1] - 1, q = p;
        while (q < dHeight && rows[dr0 + q] <= last) q++;
        int m = dHeight - p, c = q - p;
        // W = -P P_top' for P = d's rows from p on (m x k) and P_top its first c rows, given row by row to the kernel.
        var values = Values;
        int k = sym.Columns(d), source = (int)sym.Offsets[d] + p, width = SupernodeKernels.PaddedWidth(c);
        var topRows = _workspace.Cleared(0, (long)k * width);
        for (int t = 0; t < k; t++)
            Array.Copy(values, source + t * dHeight, topRows, t * width, c);
        var w = _workspace.Cleared(1, (long)m * c);
        SupernodeKernels.SubtractProduct(values, source, dHeight, m, k, topRows, width, c, w, 0, m, _workspace);
        int f = sym.First[s];
        for (int jj = 0; jj < c; jj++)
        {
            int column = offset + (rows[dr0 + p + jj] - f) * height;
            for (int ii = jj; ii < m; ii++)
                values[column + _map[rows[dr0 + p + ii]]] += w[jj * m + ii];
        }
        if (q < dHeight)
            Wait(d, q);
    }

    private void Wait(int d, int position)
    {
        _pending[d] = position;
        int t = _symbolic.SupernodeOf[_symbolic.RowIndices[_symbolic.RowStarts[d] + position]];
        _nextWaiting[d] = _waiting[t];
        _waiting[t] = d;
    }

    /// <summary>log det A = 2 sum log L_jj.</summary>
    public double LogDeterminant()
    {
        var sym = _symbolic;
        double sum = 0.0;
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            int offset = (int)sym.Offsets[s], height = sym.Height(s);
            for (int t = 0; t < sym.Columns(s); t++) sum += Math.Log(Values[offset + t * height + t]);
        }
        return 2.0 * sum;
    }

    /// <summary>Solves A x = b in place (original numbering).</summary>
    public void Solve(double[] b)
    {
        var order = _symbolic.Ordering;
        var x = new double[b.Length];
        for (int k = 0; k < x.Length; k++) x[k] = b[order[k]];
        SolveLower(x);
        SolveLowerTransposed(x);
        for (int k = 0; k < x.Length; k++) b[order[k]] = x[k];
    }

    /// <summary>L x = b in place, factored numbering.</summary>
    [MethodImpl(JitHints.Hot)]
    public void SolveLower(double[] x)
    {
        var sym = _symbolic;
        var rows = sym.RowIndices;
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            int f = sym.First[s], columns = sym.Columns(s), height = sym.Height(s), r0 = sym.RowStarts[s];
            int offset = (int)sym.Offsets[s];
            DenseTriangular.SolveLower(Values, offset, height, columns, x, f);
            for (int i = columns; i < height; i++)
            {
                double sum = 0.0;
                for (int t = 0; t < columns; t++) sum += Values[offset + t * height + i] * x[f + t];
                x[rows[r0 + i]] -= sum;
            }
        }
    }

    /// <summary>L' x = b in place, factored numbering.</summary>
    [MethodImpl(JitHints.Hot)]
    public void SolveLowerTransposed(double[] x)
    {
        var sym = _symbolic;
        var rows = sym.RowIndices;
        for (int s = sym.SupernodeCount - 1; s >= 0; s--)
        {
            int f = sym.First[s], columns = sym.Columns(s), height = sym.Height(s), r0 = sym.RowStarts[s];
            int offset = (int)sym.Offsets[s];
            for (int t = 0; t < columns; t++)
            {
                double sum = 0.0;
                int column = offset + t * height;
                for (int i = columns; i < height; i++) sum += Values[column + i] * x[rows[r0 + i]];
                x[f + t] -= sum;
            }
            DenseTriangular.SolveLowerTransposed(Values, offset, height, columns, x, f);
        }
    }

    /// <summary>L[i, j] in the factored numbering (0 outside the pattern or above the diagonal).</summary>
    public double Entry(int i, int j) => SupernodeBlocks.Entry(_symbolic, Values, i, j);
}

/// <summary>Reading single entries of a matrix stored in supernodal blocks (L, or its selected inverse).</summary>
internal static class SupernodeBlocks
{
    /// <summary>M[i, j] for i &gt;= j in the factored numbering, 0 when (i, j) is outside the pattern of L.</summary>
    public static double Entry(SymbolicCholesky sym, double[] values, int i, int j)
    {
        int position = Position(sym, i, j);
        return position < 0 ? 0.0 : values[position];
    }

    /// <summary>The index of (i, j), i &gt;= j in the factored numbering, in the block layout; -1 outside L's pattern.</summary>
    public static int Position(SymbolicCholesky sym, int i, int j)
    {
        if (i < j) return -1;
        int s = sym.SupernodeOf[j];
        int r0 = sym.RowStarts[s], height = sym.Height(s);
        int position = Array.BinarySearch(sym.RowIndices, r0, height, i);
        return position < 0 ? -1 : (int)sym.Offsets[s] + (j - sym.First[s]) * height + position - r0;
    }
}
