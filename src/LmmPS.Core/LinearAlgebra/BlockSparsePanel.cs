using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The block column below the first term's diagonal block, restricted to the later random-effects
/// terms' rows: sparse, because a level of the first factor meets few levels of the others. Stored by column
/// groups: all k0 columns of one level of the first term share one pattern of rows (whole level groups of the
/// other terms), so values are laid out level by level as k0 columns of nnz(level) values each.</summary>
internal sealed class BlockSparsePanel
{
    public BlockSparsePanel(int rowCount, int columnsPerLevel, int[] levelStart, int[] rows)
    {
        RowCount = rowCount;
        ColumnsPerLevel = columnsPerLevel;
        LevelStart = levelStart;
        Rows = rows;
        Values = new double[rows.Length * columnsPerLevel];
    }

    public int RowCount { get; }

    public int ColumnsPerLevel { get; }

    public int LevelCount => LevelStart.Length - 1;

    /// <summary>Pattern of level l: Rows[LevelStart[l] .. LevelStart[l+1]), ascending.</summary>
    public int[] LevelStart { get; }

    public int[] Rows { get; }

    /// <summary>Value of pattern entry p (0-based within level l) in column c of level l.</summary>
    public double[] Values { get; }

    [MethodImpl(JitHints.Hot)]
    public int NonZerosIn(int level) => LevelStart[level + 1] - LevelStart[level];

    /// <summary>Offset in <see cref="Values"/> of column c of level l.</summary>
    [MethodImpl(JitHints.Hot)]
    public int ColumnOffset(int level, int column) => ColumnsPerLevel * LevelStart[level] + column * NonZerosIn(level);

    /// <summary>Sets this to (Lambda_rows' A Lambda_first) L_first^-T: scale a copy of <paramref name="a"/> on both
    /// sides by the templates, then solve against the factored first diagonal block.</summary>
    [MethodImpl(JitHints.Hot)]
    public void SetScaledSolved(BlockSparsePanel a, ReadOnlySpan<double> firstTemplate, RowScaling rowScaling, UniformBlockDiagonal firstFactor)
    {
        int k0 = ColumnsPerLevel;
        var src = a.Values;
        var dst = Values;
        if (k0 == 1)
        {
            double t0 = firstTemplate[0];
            for (int i = 0; i < dst.Length; i++)
                dst[i] = src[i] * t0;
        }
        else
        {
            for (int l = 0; l < LevelCount; l++)
            {
                int nnz = NonZerosIn(l), o = k0 * LevelStart[l];
                // Right-multiply the k0 columns by the lower template: column c gets sum_{m >= c} A[:, m] T[m, c].
                for (int p = 0; p < nnz; p++)
                    for (int c = 0; c < k0; c++)
                    {
                        double s = 0.0;
                        for (int m = c; m < k0; m++)
                            s += src[o + m * nnz + p] * firstTemplate[c * k0 + m];
                        dst[o + c * nnz + p] = s;
                    }
            }
        }
        for (int l = 0; l < LevelCount; l++)
        {
            int nnz = NonZerosIn(l), o = k0 * LevelStart[l];
            if (rowScaling.AllScalar)
            {
                var f = rowScaling.ScalarFactor;
                for (int c = 0; c < k0; c++)
                {
                    int co = o + c * nnz;
                    for (int p = 0; p < nnz; p++)
                        dst[co + p] *= f[Rows[LevelStart[l] + p]];
                }
            }
            else
            {
                for (int c = 0; c < k0; c++)
                    rowScaling.ApplyTransposeToSparse(Rows, LevelStart[l], nnz, dst, o + c * nnz);
            }
            if (k0 == 1)
            {
                double inv = 1.0 / firstFactor.Values[l];
                for (int p = 0; p < nnz; p++)
                    dst[o + p] *= inv;
            }
            else
            {
                for (int p = 0; p < nnz; p++)
                    firstFactor.SolveRowTransposed(l, dst, o + p, nnz);
            }
        }
    }
}
