using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The block column below the first term's diagonal block, restricted to the fixed-effect and response
/// rows: dense (every level meets X and y), stored row-major, one row per column of [X y].</summary>
internal sealed class DenseRowPanel
{
    public DenseRowPanel(int rowCount, int columnCount, int columnsPerLevel)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        ColumnsPerLevel = columnsPerLevel;
        Values = new double[rowCount * columnCount];
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public int ColumnsPerLevel { get; }

    /// <summary>Row t, column c at Values[t * ColumnCount + c].</summary>
    public double[] Values { get; }

    /// <summary>Sets this to (A Lambda_first) L_first^-T (the X and y rows are not scaled), from row
    /// <paramref name="fromRow"/> on (the rows above are left as they are: y's row alone is the last).</summary>
    [MethodImpl(JitHints.Hot)]
    public void SetScaledSolved(DenseRowPanel a, ReadOnlySpan<double> firstTemplate, UniformBlockDiagonal firstFactor, int fromRow = 0)
    {
        int k0 = ColumnsPerLevel, levels = ColumnCount / k0;
        var src = a.Values;
        var dst = Values;
        if (k0 == 1)
        {
            double t0 = firstTemplate[0];
            var f = firstFactor.Values;
            for (int t = fromRow; t < RowCount; t++)
            {
                int o = t * ColumnCount;
                for (int l = 0; l < levels; l++)
                    dst[o + l] = src[o + l] * t0 / f[l];
            }
            return;
        }
        for (int t = fromRow; t < RowCount; t++)
        {
            int o = t * ColumnCount;
            for (int l = 0; l < levels; l++)
            {
                int lo = o + l * k0;
                for (int c = 0; c < k0; c++)
                {
                    double s = 0.0;
                    for (int m = c; m < k0; m++)
                        s += src[lo + m] * firstTemplate[c * k0 + m];
                    dst[lo + c] = s;
                }
                firstFactor.SolveRowTransposed(l, dst, lo, 1);
            }
        }
    }
}
