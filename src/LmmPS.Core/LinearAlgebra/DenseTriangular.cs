using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>Solves and inverses with a dense lower-triangular factor L stored column-major (after
/// <see cref="DenseCholesky"/>). Used once per fit, not per evaluation.</summary>
internal static class DenseTriangular
{
    /// <summary>Solves L' x = b in place.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SolveLowerTransposed(double[] l, int offset, int ld, int n, double[] b, int bo = 0)
    {
        for (int j = n - 1; j >= 0; j--)
        {
            double s = b[bo + j] - VectorOps.Dot(l, offset + j * ld + j + 1, b, bo + j + 1, n - j - 1);
            b[bo + j] = s / l[offset + j * ld + j];
        }
    }

    /// <summary>Solves L x = b in place, down the columns of L (each step one vectorised update of the rows below).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SolveLower(double[] l, int offset, int ld, int n, double[] b, int bo = 0)
    {
        for (int r = 0; r < n; r++)
        {
            double xr = b[bo + r] / l[offset + r * ld + r];
            b[bo + r] = xr;
            if (xr != 0.0)
                VectorOps.Axpy(-xr, l, offset + r * ld + r + 1, b, bo + r + 1, n - r - 1);
        }
    }

    /// <summary>Returns L^-1 (n x n, column-major, lower) of the n x n L at l[offset].</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[] InvertLower(double[] l, int offset, int ld, int n)
    {
        var inv = new double[n * n];
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(col, 0, n);
            col[j] = 1.0;
            // Forward substitution from row j: entries above j stay 0.
            SolveLower(l, offset + j * ld + j, ld, n - j, col, j);
            Array.Copy(col, j, inv, j * n + j, n - j);
        }
        return inv;
    }

    /// <summary>The inverse of the small k x k lower-triangular block at values[o] (column-major, leading dimension k)
    /// into <paramref name="inverse"/> (k x k, column-major, lower): a first-term level's block of L.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void InvertSmallLower(double[] values, int o, int k, Span<double> inverse)
    {
        inverse.Slice(0, k * k).Clear();
        for (int j = 0; j < k; j++)
        {
            inverse[j * k + j] = 1.0 / values[o + j * k + j];
            for (int i = j + 1; i < k; i++)
            {
                double s = 0.0;
                for (int t = j; t < i; t++)
                    s += values[o + t * k + i] * inverse[j * k + t];
                inverse[j * k + i] = -s / values[o + i * k + i];
            }
        }
    }
}
