namespace LmmPS.Core.Optimizers;

/// <summary>Dense inversion for the optimizers' small (at most a few dozen rows) symmetric indefinite systems.</summary>
internal static class SmallMatrix
{
    /// <summary>Pivots below this fraction of the largest entry count as singular: the interpolation points have
    /// become (nearly) degenerate and the optimizer must rebuild them rather than trust the inverse.</summary>
    private const double RelativePivotTolerance = 1e-14;

    /// <summary>Gauss-Jordan elimination with partial pivoting (the KKT matrix has a zero block, so pivoting
    /// is required); returns null when the matrix is numerically singular.</summary>
    public static double[,]? TryInvert(double[,] matrix)
    {
        int size = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inv = new double[size, size];
        double largest = 0;
        for (int i = 0; i < size; i++)
        {
            inv[i, i] = 1;
            for (int j = 0; j < size; j++) largest = Math.Max(largest, Math.Abs(a[i, j]));
        }

        if (!(largest > 0) || double.IsInfinity(largest)) return null;

        for (int col = 0; col < size; col++)
        {
            int pivotRow = col;
            for (int r = col + 1; r < size; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivotRow, col])) pivotRow = r;
            }

            double pivot = a[pivotRow, col];
            if (!(Math.Abs(pivot) > RelativePivotTolerance * largest)) return null;
            if (pivotRow != col)
            {
                SwapRows(a, pivotRow, col);
                SwapRows(inv, pivotRow, col);
            }

            double scale = 1.0 / pivot;
            for (int j = 0; j < size; j++)
            {
                a[col, j] *= scale;
                inv[col, j] *= scale;
            }

            for (int r = 0; r < size; r++)
            {
                if (r == col) continue;
                double factor = a[r, col];
                if (factor == 0) continue;
                for (int j = 0; j < size; j++)
                {
                    a[r, j] -= factor * a[col, j];
                    inv[r, j] -= factor * inv[col, j];
                }
            }
        }

        return inv;
    }

    private static void SwapRows(double[,] m, int r1, int r2)
    {
        int cols = m.GetLength(1);
        for (int j = 0; j < cols; j++)
        {
            double t = m[r1, j];
            m[r1, j] = m[r2, j];
            m[r2, j] = t;
        }
    }
}
