namespace LmmPS.Core.LinearAlgebra;

/// <summary>In-place Cholesky A = L L' of a dense symmetric matrix stored column-major (only the lower triangle is
/// read or meaningful afterwards). Right-looking and blocked: factor a diagonal block, solve the panel below it,
/// then update the trailing matrix with <see cref="SymmetricRankUpdate"/>, where almost all the work is.</summary>
internal static class DenseCholesky
{
    private const int BlockSize = 96;

    /// <summary>Factors the n x n matrix at a[offset] with leading dimension ld. Returns false (leaving a partly
    /// overwritten) when a pivot is not positive: the matrix is not numerically positive definite.</summary>
    public static bool TryFactor(double[] a, int offset, int ld, int n)
    {
        for (int k = 0; k < n; k += BlockSize)
        {
            int kb = Math.Min(BlockSize, n - k);
            if (!FactorDiagonalBlock(a, offset, ld, k, kb))
                return false;
            int rows = n - k - kb;
            if (rows == 0)
                break;
            SolvePanel(a, offset, ld, k, kb, rows);
            int r0 = k + kb;
            SymmetricRankUpdate.Apply(a, offset + r0 * ld + r0, ld, rows, a, offset + k * ld + r0, ld, kb);
        }
        return true;
    }

    /// <summary>Unblocked Cholesky of the kb x kb block at (k, k); earlier columns were already applied.</summary>
    private static bool FactorDiagonalBlock(double[] a, int offset, int ld, int k, int kb)
    {
        for (int j = k; j < k + kb; j++)
        {
            int colJ = offset + j * ld;
            double d = a[colJ + j];
            for (int s = k; s < j; s++)
            {
                double v = a[offset + s * ld + j];
                d -= v * v;
            }
            if (!(d > 0.0) || double.IsInfinity(d))
                return false;
            double l = Math.Sqrt(d);
            a[colJ + j] = l;
            for (int i = j + 1; i < k + kb; i++)
            {
                double v = a[colJ + i];
                for (int s = k; s < j; s++)
                    v -= a[offset + s * ld + i] * a[offset + s * ld + j];
                a[colJ + i] = v / l;
            }
        }
        return true;
    }

    /// <summary>A[k+kb:, k:k+kb] := A[k+kb:, k:k+kb] * L_kk^-T, one column at a time (contiguous axpys).</summary>
    private static void SolvePanel(double[] a, int offset, int ld, int k, int kb, int rows)
    {
        int r0 = k + kb;
        for (int t = 0; t < kb; t++)
        {
            int colT = offset + (k + t) * ld + r0;
            for (int s = 0; s < t; s++)
            {
                double f = a[offset + (k + s) * ld + k + t];
                if (f == 0.0) continue;
                int colS = offset + (k + s) * ld + r0;
                VectorOps.Axpy(-f, a, colS, a, colT, rows);
            }
            double inv = 1.0 / a[offset + (k + t) * ld + k + t];
            VectorOps.Scale(inv, a, colT, rows);
        }
    }
}
