namespace LmmPS.Core.LinearAlgebra;

/// <summary>The Schur-complement downdates of the dense trailing matrix M (column-major, lower triangle) by the
/// first term's block column W = [S; D] (S block-sparse over the later terms' rows, D dense over the [X y] rows):
/// M -= W W'. One kernel per pair of block kinds: S S', D S', D D'.</summary>
internal static class PanelDowndate
{
    /// <summary>M[0:q, 0:q] -= S S' where q = S.RowCount.</summary>
    public static void SparseSparse(BlockSparsePanel s, double[] m, int ld)
    {
        var rows = s.Rows;
        var v = s.Values;
        for (int l = 0; l < s.LevelCount; l++)
        {
            int nnz = s.NonZerosIn(l), start = s.LevelStart[l];
            for (int c = 0; c < s.ColumnsPerLevel; c++)
            {
                int o = s.ColumnOffset(l, c);
                for (int p2 = 0; p2 < nnz; p2++)
                {
                    double v2 = v[o + p2];
                    if (v2 == 0.0) continue;
                    int col = rows[start + p2] * ld;
                    for (int p1 = p2; p1 < nnz; p1++)
                        m[col + rows[start + p1]] -= v[o + p1] * v2;
                }
            }
        }
    }

    /// <summary>M[q:q+P, 0:q] -= D S' where q = S.RowCount and P = D.RowCount.</summary>
    public static void DenseSparse(DenseRowPanel d, BlockSparsePanel s, double[] m, int ld)
    {
        int q = s.RowCount, k0 = s.ColumnsPerLevel, width = d.ColumnCount;
        var rows = s.Rows;
        var sv = s.Values;
        var dv = d.Values;
        for (int l = 0; l < s.LevelCount; l++)
        {
            int nnz = s.NonZerosIn(l), start = s.LevelStart[l];
            for (int c = 0; c < k0; c++)
            {
                int o = s.ColumnOffset(l, c), column = l * k0 + c;
                for (int p = 0; p < nnz; p++)
                {
                    double vb = sv[o + p];
                    if (vb == 0.0) continue;
                    int target = rows[start + p] * ld + q;
                    for (int t = 0; t < d.RowCount; t++)
                        m[target + t] -= dv[t * width + column] * vb;
                }
            }
        }
    }

    /// <summary>M[q:q+P, q:q+P] -= D D' (lower triangle).</summary>
    public static void DenseDense(DenseRowPanel d, int q, double[] m, int ld)
    {
        int width = d.ColumnCount;
        for (int s = 0; s < d.RowCount; s++)
            for (int t = s; t < d.RowCount; t++)
                m[(q + s) * ld + q + t] -= VectorOps.Dot(d.Values, t * width, d.Values, s * width, width);
    }
}
