namespace LmmPS.Core.LinearAlgebra;

/// <summary>L^-1 of a dense lower-triangular L (column-major), blocked so nearly all the work is in
/// <see cref="GeneralMultiply"/>: block column J of L^-1 solves L X = I[:, J] by block forward substitution, each
/// solved block updating everything below it in one tall product. About n^3/3 flops, as many as the Cholesky that made
/// L. <see cref="DenseTriangular.InvertLower"/> does the same column by column; it is fine once per fit but streams
/// all of L once per column, too slow for the gradient at every evaluation.</summary>
internal static class TriangularInverse
{
    private const int BlockSize = 64;

    /// <summary>Writes L^-1 of the n x n L at l[offset] (leading dimension ld) into u, n x n column-major with leading
    /// dimension n; the strict upper triangle of u is set to 0.</summary>
    public static void InvertLower(double[] l, int offset, int ld, int n, double[] u)
    {
        Array.Clear(u, 0, n * n);
        for (int j0 = 0; j0 < n; j0 += BlockSize)
        {
            int jb = Math.Min(BlockSize, n - j0);
            for (int c = 0; c < jb; c++)
                u[(j0 + c) * n + j0 + c] = 1.0;
            // Rows above j0 of these columns stay 0: the inverse is lower-triangular.
            for (int k0 = j0; k0 < n; k0 += BlockSize)
            {
                int kb = Math.Min(BlockSize, n - k0);
                SolveDiagonalBlock(l, offset, ld, k0, kb, u, n, j0, jb);
                int below = n - k0 - kb;
                if (below > 0)
                    GeneralMultiply.Subtract(u, j0 * n + k0 + kb, n, l, offset + k0 * ld + k0 + kb, ld,
                        u, j0 * n + k0, n, below, jb, kb);
            }
        }
    }

    /// <summary>X[k0:k0+kb, j0:j0+jb] := L[k0:k0+kb, k0:k0+kb]^-1 X[...] by forward substitution, column by column.</summary>
    private static void SolveDiagonalBlock(double[] l, int offset, int ld, int k0, int kb, double[] x, int ldx, int j0, int jb)
    {
        for (int c = 0; c < jb; c++)
        {
            int col = (j0 + c) * ldx;
            for (int s = k0; s < k0 + kb; s++)
            {
                double xs = x[col + s];
                if (xs == 0.0) continue;
                xs /= l[offset + s * ld + s];
                x[col + s] = xs;
                int rest = k0 + kb - s - 1;
                if (rest > 0)
                    VectorOps.Axpy(-xs, l, offset + s * ld + s + 1, x, col + s + 1, rest);
            }
        }
    }
}
