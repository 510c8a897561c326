#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace LmmPS.Core.LinearAlgebra;

/// <summary>C -= A B for column-major blocks (the GEMM of BLAS), used by the blocked triangular inverse of the
/// gradient pass. A is packed into 8-row strips and B into 4-column strips so an 8 x 4 block of C stays in registers;
/// the loop keeps one A strip hot while it walks every B strip (B's pack is small: depth x columns). Kept apart from
/// the SYRK kernel, whose packing belongs to <see cref="SymmetricRankUpdate"/>.</summary>
internal static class GeneralMultiply
{
    private const int RowStrip = 8;
    private const int ColStrip = 4;

    // Packing buffers reused across calls: the triangular inverse calls this once per block pair.
    [ThreadStatic] private static double[]? _packA;
    [ThreadStatic] private static double[]? _packB;

    /// <summary>C[0:rows, 0:cols] -= A[0:rows, 0:depth] B[0:depth, 0:cols].</summary>
    public static void Subtract(double[] c, int co, int ldc, double[] a, int ao, int lda, double[] b, int bo, int ldb,
        int rows, int cols, int depth)
    {
        if (rows <= 0 || cols <= 0 || depth <= 0) return;
        int rowStrips = (rows + RowStrip - 1) / RowStrip;
        int colStrips = (cols + ColStrip - 1) / ColStrip;
        var packA = Buffer(ref _packA, rowStrips * RowStrip * depth);
        var packB = Buffer(ref _packB, colStrips * ColStrip * depth);
        PackRows(a, ao, lda, rows, depth, packA);
        PackColumns(b, bo, ldb, cols, depth, packB);

        Span<double> acc = stackalloc double[RowStrip * ColStrip];
        for (int s = 0; s < rowStrips; s++)
        {
            int i0 = s * RowStrip, iCount = Math.Min(RowStrip, rows - i0);
            for (int u = 0; u < colStrips; u++)
            {
                int j0 = u * ColStrip, jCount = Math.Min(ColStrip, cols - j0);
                Multiply(packA, s * RowStrip * depth, packB, u * ColStrip * depth, depth, acc);
                for (int jj = 0; jj < jCount; jj++)
                {
                    int col = co + (j0 + jj) * ldc + i0;
                    for (int ii = 0; ii < iCount; ii++)
                        c[col + ii] -= acc[jj * RowStrip + ii];
                }
            }
        }
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new double[length];
        return buffer;
    }

    /// <summary>Strip s holds, for t = 0..depth-1, A[8s .. 8s+8, t] (zero past the last row).</summary>
    private static void PackRows(double[] a, int ao, int lda, int rows, int depth, double[] packed)
    {
        int strips = (rows + RowStrip - 1) / RowStrip;
        for (int s = 0; s < strips; s++)
        {
            int i0 = s * RowStrip, count = Math.Min(RowStrip, rows - i0), dst = s * RowStrip * depth;
            for (int t = 0; t < depth; t++, dst += RowStrip)
            {
                int src = ao + t * lda + i0;
                for (int ii = 0; ii < count; ii++) packed[dst + ii] = a[src + ii];
                for (int ii = count; ii < RowStrip; ii++) packed[dst + ii] = 0.0;
            }
        }
    }

    /// <summary>Strip u holds, for t = 0..depth-1, B[t, 4u .. 4u+4] (zero past the last column).</summary>
    private static void PackColumns(double[] b, int bo, int ldb, int cols, int depth, double[] packed)
    {
        int strips = (cols + ColStrip - 1) / ColStrip;
        for (int u = 0; u < strips; u++)
        {
            int j0 = u * ColStrip, count = Math.Min(ColStrip, cols - j0), dst = u * ColStrip * depth;
            for (int t = 0; t < depth; t++, dst += ColStrip)
            {
                for (int jj = 0; jj < count; jj++) packed[dst + jj] = b[bo + (j0 + jj) * ldb + t];
                for (int jj = count; jj < ColStrip; jj++) packed[dst + jj] = 0.0;
            }
        }
    }

    /// <summary>acc[jj*8 + ii] = sum_t A[t][ii] B[t][jj] over packed strips.</summary>
    private static void Multiply(double[] packA, int aOffset, double[] packB, int bOffset, int depth, Span<double> acc)
    {
#if NET8_0_OR_GREATER
        if (Fma.IsSupported && Avx.IsSupported)
        {
            MultiplyAvx(packA, aOffset, packB, bOffset, depth, acc);
            return;
        }
#endif
        acc.Clear();
        for (int t = 0; t < depth; t++)
        {
            int a = aOffset + t * RowStrip, b = bOffset + t * ColStrip;
            for (int jj = 0; jj < ColStrip; jj++)
            {
                double bv = packB[b + jj];
                int o = jj * RowStrip;
                for (int ii = 0; ii < RowStrip; ii++)
                    acc[o + ii] += packA[a + ii] * bv;
            }
        }
    }

#if NET8_0_OR_GREATER
    private static unsafe void MultiplyAvx(double[] packA, int aOffset, double[] packB, int bOffset, int depth, Span<double> acc)
    {
        Vector256<double> c0a = default, c0b = default, c1a = default, c1b = default;
        Vector256<double> c2a = default, c2b = default, c3a = default, c3b = default;
        fixed (double* pa0 = &packA[aOffset], pb0 = &packB[bOffset])
        {
            double* pa = pa0, pb = pb0;
            for (int t = 0; t < depth; t++, pa += RowStrip, pb += ColStrip)
            {
                var lo = Avx.LoadVector256(pa);
                var hi = Avx.LoadVector256(pa + 4);
                var v = Vector256.Create(pb[0]);
                c0a = Fma.MultiplyAdd(lo, v, c0a); c0b = Fma.MultiplyAdd(hi, v, c0b);
                v = Vector256.Create(pb[1]);
                c1a = Fma.MultiplyAdd(lo, v, c1a); c1b = Fma.MultiplyAdd(hi, v, c1b);
                v = Vector256.Create(pb[2]);
                c2a = Fma.MultiplyAdd(lo, v, c2a); c2b = Fma.MultiplyAdd(hi, v, c2b);
                v = Vector256.Create(pb[3]);
                c3a = Fma.MultiplyAdd(lo, v, c3a); c3b = Fma.MultiplyAdd(hi, v, c3b);
            }
        }
        fixed (double* pc = acc)
        {
            Avx.Store(pc, c0a); Avx.Store(pc + 4, c0b);
            Avx.Store(pc + 8, c1a); Avx.Store(pc + 12, c1b);
            Avx.Store(pc + 16, c2a); Avx.Store(pc + 20, c2b);
            Avx.Store(pc + 24, c3a); Avx.Store(pc + 28, c3b);
        }
    }
#endif
}
