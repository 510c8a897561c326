using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.Model;

/// <summary>The dense kind's layout of a matrix over the trailing rows T = [later terms (q_D), X (p), y (1)]: m x m,
/// column-major, entry (row, column) at column * m + row. Every dense matrix over T has it: the cross-product's A_TT
/// (<see cref="BlockedCrossProduct.Trailing"/>), the factor's L_T (<see cref="BlockedFactor.Trailing"/>), its inverse
/// U = L_T^-1 (the gradient's kernels, the hat values) and S_TT = U' W U (the weighted selected inverse).
/// <para>This struct and <see cref="TrailingReader"/> (which reads L by meaning over both kinds) are the layout's one
/// owner: no other file computes an offset into such an array (a unit test scans src/ for the patterns). Hot loops
/// ask for a position here (<see cref="Offset"/>, <see cref="Position"/>, <see cref="BorderOffset"/>) and walk the
/// rows of that column from it, which is what a column-major layout promises and costs nothing over writing
/// column * m + row in place: the JIT inlines these.</para></summary>
internal readonly struct TrailingMatrix
{
    public TrailingMatrix(double[] values, int size, int laterCount)
    {
        Values = values;
        Size = size;
        LaterCount = laterCount;
    }

    /// <summary>A new zero matrix of this layout (m x m doubles).</summary>
    public static TrailingMatrix Allocate(int size, int laterCount) =>
        new(new double[(long)size * size], size, laterCount);

    /// <summary>The column-major values.</summary>
    public double[] Values { get; }

    /// <summary>m = q_D + p + 1, the leading dimension.</summary>
    public int Size { get; }

    /// <summary>q_D: the [X y] border rows start here.</summary>
    public int LaterCount { get; }

    /// <summary>Entry (row, column).</summary>
    public ref double this[int row, int column]
    {
        [MethodImpl(JitHints.Hot)]
        get => ref Values[(long)column * Size + row];
    }

    /// <summary>The index of entry (row, column) in <see cref="Values"/>.</summary>
    [MethodImpl(JitHints.Hot)]
    public long Position(int row, int column) => (long)column * Size + row;

    /// <summary><see cref="Position"/> as the int offset the vector kernels take (m^2 &lt; 2^31 wherever they run).</summary>
    [MethodImpl(JitHints.Hot)]
    public int Offset(int row, int column) => column * Size + row;

    /// <summary>The offset of the first [X y] border row (row q_D) of a column.</summary>
    [MethodImpl(JitHints.Hot)]
    public int BorderOffset(int column) => column * Size + LaterCount;

    /// <summary>The diagonal entry (r, r).</summary>
    [MethodImpl(JitHints.Hot)]
    public double Diagonal(int r) => Values[(long)r * Size + r];

    /// <summary>Adds <paramref name="value"/> to the diagonal entries of the first <paramref name="count"/> rows (the
    /// identity of the later terms' random effects).</summary>
    public void AddToDiagonal(int count, double value)
    {
        int m = Size;
        for (int r = 0; r < count; r++)
            Values[r * m + r] += value;
    }

    /// <summary>Entry (row, column) and its mirror (column, row) both set to <paramref name="value"/>.</summary>
    [MethodImpl(JitHints.Hot)]
    public void SetSymmetric(int row, int column, double value)
    {
        Values[(long)column * Size + row] = value;
        Values[(long)row * Size + column] = value;
    }

    /// <summary>Adds <paramref name="value"/> to y's row and column at <paramref name="row"/> (entries (m-1, row) and
    /// (row, m-1); the diagonal entry twice when row = m-1).</summary>
    [MethodImpl(JitHints.Hot)]
    public void AddToResponseRowAndColumn(int row, double value)
    {
        int m = Size;
        Values[(long)(m - 1) * m + row] += value;
        Values[(long)row * m + m - 1] += value;
    }

    /// <summary>The upper triangle := the lower one (entry (col, row) from (row, col), row &gt; col).</summary>
    public void MirrorLower()
    {
        int m = Size;
        for (int col = 0; col < m; col++)
            for (int row = col + 1; row < m; row++)
                Values[(long)row * m + col] = Values[(long)col * m + row];
    }

    /// <summary>The p+1 border rows of this lower triangular matrix, row t at rows[t * m ..]: rows[t * m + col] =
    /// this[q_D + t, col] for col &lt;= q_D + t and 0 right of the diagonal.</summary>
    public void CopyBorderRows(double[] rows)
    {
        int m = Size, qd = LaterCount, b = m - qd;
        for (int t = 0; t < b; t++)
            for (int col = 0; col <= qd + t; col++)
                rows[t * m + col] = Values[(long)col * m + qd + t];
        for (int t = 0; t < b; t++)
            for (int col = qd + t + 1; col < m; col++)
                rows[t * m + col] = 0.0;
    }
}
