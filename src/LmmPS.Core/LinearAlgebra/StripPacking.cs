using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The packed layout the rank-k kernels read: rows of a column-major block grouped into strips of 8 rows;
/// strip s holds, for t = 0..k-1, the 8 values P[8s .. 8s+8, t] consecutively. Rows past the end are zero, so the
/// kernels never branch on the edge. One strip is 64k bytes: the kernels stream through it front to back.</summary>
internal static unsafe class StripPacking
{
    public const int Strip = SyrkMicroKernel.Rows;

    [MethodImpl(JitHints.Hot)]
    public static int StripCount(int rows) => (rows + Strip - 1) / Strip;

    /// <summary>Doubles needed to pack <paramref name="rows"/> x <paramref name="k"/>.</summary>
    [MethodImpl(JitHints.Hot)]
    public static long Length(int rows, int k) => (long)StripCount(rows) * Strip * k;

    /// <summary>Packs strip s of the rows x k block at src (leading dimension ld) into dst (its own strip).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void PackStrip(double* src, int ld, int rows, int k, int s, double* dst)
    {
        int i0 = s * Strip, count = Math.Min(Strip, rows - i0);
        double* col = src + i0;
        if (count == Strip)
        {
            for (int t = 0; t < k; t++, col += ld, dst += Strip)
                for (int ii = 0; ii < Strip; ii++)
                    dst[ii] = col[ii];
            return;
        }
        for (int t = 0; t < k; t++, col += ld, dst += Strip)
        {
            int ii = 0;
            for (; ii < count; ii++) dst[ii] = col[ii];
            for (; ii < Strip; ii++) dst[ii] = 0.0;
        }
    }

    /// <summary>Writes packed strip s back into the rows x k block at dst (the inverse of <see cref="PackStrip"/>).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void UnpackStrip(double* src, int rows, int k, int s, double* dst, int ld)
    {
        int i0 = s * Strip, count = Math.Min(Strip, rows - i0);
        double* col = dst + i0;
        for (int t = 0; t < k; t++, col += ld, src += Strip)
            for (int ii = 0; ii < count; ii++)
                col[ii] = src[ii];
    }
}
