using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>y's row of the dense-kind factor L formed alone, at the theta the rest of L holds: the step that lets a refit
/// with a new response start from a factor it already has (<see cref="BlockedFactor.ReturnTo"/>) instead of factoring.
/// y is the last row of L, so no other row depends on it. With T0 the first term's template, L_1 its factor and
/// W = L[T, first] the first term's block column over the trailing rows T = [later terms, X, y]:
///   L[y, first] = (A[y, first] T0) L_1^-T                                   (the dense panel's last row)
///   c = (Lambda_T' A_TT Lambda_T)[y, :] - L[y, first] W'                       (y's row of the Schur complement)
///   L_T[y, 0..m-2] = L_T11^-1 c[0..m-2],  l_yy = sqrt(c_yy - |L_T[y, 0..m-2]|^2)  (one forward solve)
/// with L_T11 the trailing factor's leading m-1 rows, unchanged. O(nnz of the block column + m^2), against a
/// factorization's O(m^3). The scaling and the downdate are summed in the order the factorization uses; the forward solve
/// and the last pivot are not the blocked Cholesky's order, so the row equals a refactored one to rounding.</summary>
internal static class ResponseRow
{
    /// <summary>Forms y's row of <paramref name="factor"/> (its other rows and Lambda current, <paramref name="firstTemplate"/>
    /// T0 at the same theta) for its cross-product's response. False when the last pivot is not positive (y in the span of
    /// the model's columns at that theta): then the row is not written and nothing may be read.</summary>
    public static bool Form(BlockedFactor factor, double[] firstTemplate)
    {
        var a = factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, k0 = a.FirstColumns;
        var dense = factor.Dense;
        int width = dense.ColumnCount, yRow = dense.RowCount - 1, y = yRow * width;
        dense.SetScaledSolved(a.Dense, firstTemplate, factor.First, yRow);

        // y's row of Lambda' A Lambda: y is not scaled, so each column's Lambda alone (as ScaleTrailing multiplies).
        var row = new double[m];
        var source = a.DenseTrailing;
        var scaling = factor.Scaling;
        if (scaling.AllScalar)
        {
            var f = scaling.ScalarFactor;
            for (int j = 0; j < m; j++) row[j] = source[m - 1, j] * f[m - 1] * f[j];
        }
        else
        {
            for (int j = 0; j < m; j++) row[j] = source[m - 1, j];
            var identity = new int[m];
            for (int j = 0; j < m; j++) identity[j] = j;
            scaling.ApplyTransposeToSparse(identity, 0, m, row, 0);
        }

        // Minus L[y, first] W': the later terms' columns from the block-sparse panel, level by level (each entry receives
        // its terms in ascending level order, as PanelDowndate.SparseByColumn adds them), then the [X y] columns.
        var sparse = factor.Sparse;
        var d = dense.Values;
        if (sparse.RowCount > 0)
        {
            var rows = sparse.Rows;
            var values = sparse.Values;
            for (int l = 0; l < a.FirstLevels; l++)
            {
                int start = sparse.LevelStart[l], nnz = sparse.NonZerosIn(l);
                for (int c = 0; c < k0; c++)
                {
                    double dy = d[y + l * k0 + c];
                    if (dy == 0.0) continue;
                    int o = sparse.ColumnOffset(l, c);
                    for (int e = 0; e < nnz; e++)
                        row[rows[start + e]] -= values[o + e] * dy;
                }
            }
        }
        for (int s = 0; s < dense.RowCount; s++)
            row[qd + s] -= VectorOps.Dot(d, y, d, s * width, width);

        var trailing = factor.DenseTrailing;
        DenseTriangular.SolveLower(trailing.Values, trailing.Offset(0, 0), m, m - 1, row);
        double pivot = row[m - 1] - VectorOps.Dot(row, 0, row, 0, m - 1);
        if (!(pivot > 0.0)) return false;
        for (int j = 0; j < m - 1; j++) trailing[m - 1, j] = row[j];
        trailing[m - 1, m - 1] = Math.Sqrt(pivot);
        return true;
    }
}
