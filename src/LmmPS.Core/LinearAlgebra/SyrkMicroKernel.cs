#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The register block of the rank-k updates: C[0:8, 0:4] -= A B' where A is an 8-row packed strip (8
/// values per step t) and B four rows read with a stride per step (the B rows are half of another 8-row strip, so
/// the stride is 8). The 8 x 4 block of C stays in eight AVX registers for the whole k loop and is written once.
/// AVX2 + FMA where the CPU has them (net8.0); plain loops otherwise (netstandard2.0, other CPUs).</summary>
internal static unsafe class SyrkMicroKernel
{
    public const int Rows = 8;
    public const int Columns = 4;

    /// <summary>C[0:iCount, 0:jCount] -= sum_t A[t][i] B[t][j] with C column-major (leading dimension ldc). A and B
    /// are zero-padded, so only the write-back needs the counts.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Update(double* a, double* b, int bStride, int k, double* c, int ldc, int iCount, int jCount)
    {
#if NET8_0_OR_GREATER
        if (Fma.IsSupported && Avx.IsSupported)
        {
            UpdateAvx(a, b, bStride, k, c, ldc, iCount, jCount);
            return;
        }
#endif
        UpdateScalar(a, b, bStride, k, c, ldc, iCount, jCount);
    }

    /// <summary>Array form of the pointer Update (offsets instead of pointers), optionally forcing the portable
    /// path, so both paths can be checked on a machine that has AVX2.</summary>
    [MethodImpl(JitHints.Hot)]
    internal static void Update(double[] a, int aOffset, double[] b, int bOffset, int bStride, int k, double[] c, int cOffset, int ldc, int iCount, int jCount, bool portable)
    {
        fixed (double* pa = &a[aOffset], pb = &b[bOffset], pc = &c[cOffset])
        {
            if (portable) UpdateScalar(pa, pb, bStride, k, pc, ldc, iCount, jCount);
            else Update(pa, pb, bStride, k, pc, ldc, iCount, jCount);
        }
    }

    [MethodImpl(JitHints.Hot)]
    internal static void UpdateScalar(double* a, double* b, int bStride, int k, double* c, int ldc, int iCount, int jCount)
    {
        double* acc = stackalloc double[Rows * Columns];
        for (int i = 0; i < Rows * Columns; i++) acc[i] = 0.0;
        for (int t = 0; t < k; t++, a += Rows, b += bStride)
            for (int jj = 0; jj < Columns; jj++)
            {
                double bv = b[jj];
                double* o = acc + jj * Rows;
                for (int ii = 0; ii < Rows; ii++)
                    o[ii] += a[ii] * bv;
            }
        WriteBack(acc, c, ldc, iCount, jCount);
    }

    [MethodImpl(JitHints.Hot)]
    private static void WriteBack(double* acc, double* c, int ldc, int iCount, int jCount)
    {
        for (int jj = 0; jj < jCount; jj++)
        {
            double* col = c + (long)jj * ldc;
            for (int ii = 0; ii < iCount; ii++)
                col[ii] -= acc[jj * Rows + ii];
        }
    }

#if NET8_0_OR_GREATER
    [MethodImpl(JitHints.Hot)]
    private static void UpdateAvx(double* a, double* b, int bStride, int k, double* c, int ldc, int iCount, int jCount)
    {
        var c00 = Vector256<double>.Zero; var c10 = Vector256<double>.Zero;
        var c01 = Vector256<double>.Zero; var c11 = Vector256<double>.Zero;
        var c02 = Vector256<double>.Zero; var c12 = Vector256<double>.Zero;
        var c03 = Vector256<double>.Zero; var c13 = Vector256<double>.Zero;
        for (int t = 0; t < k; t++, a += Rows, b += bStride)
        {
            var a0 = Avx.LoadVector256(a);
            var a1 = Avx.LoadVector256(a + 4);
            var bv = Vector256.Create(b[0]);
            c00 = Fma.MultiplyAdd(a0, bv, c00); c10 = Fma.MultiplyAdd(a1, bv, c10);
            bv = Vector256.Create(b[1]);
            c01 = Fma.MultiplyAdd(a0, bv, c01); c11 = Fma.MultiplyAdd(a1, bv, c11);
            bv = Vector256.Create(b[2]);
            c02 = Fma.MultiplyAdd(a0, bv, c02); c12 = Fma.MultiplyAdd(a1, bv, c12);
            bv = Vector256.Create(b[3]);
            c03 = Fma.MultiplyAdd(a0, bv, c03); c13 = Fma.MultiplyAdd(a1, bv, c13);
        }
        if (iCount == Rows && jCount == Columns)
        {
            double* p = c;
            Avx.Store(p, Avx.Subtract(Avx.LoadVector256(p), c00)); Avx.Store(p + 4, Avx.Subtract(Avx.LoadVector256(p + 4), c10));
            p += ldc;
            Avx.Store(p, Avx.Subtract(Avx.LoadVector256(p), c01)); Avx.Store(p + 4, Avx.Subtract(Avx.LoadVector256(p + 4), c11));
            p += ldc;
            Avx.Store(p, Avx.Subtract(Avx.LoadVector256(p), c02)); Avx.Store(p + 4, Avx.Subtract(Avx.LoadVector256(p + 4), c12));
            p += ldc;
            Avx.Store(p, Avx.Subtract(Avx.LoadVector256(p), c03)); Avx.Store(p + 4, Avx.Subtract(Avx.LoadVector256(p + 4), c13));
            return;
        }
        double* acc = stackalloc double[Rows * Columns];
        Avx.Store(acc, c00); Avx.Store(acc + 4, c10);
        Avx.Store(acc + 8, c01); Avx.Store(acc + 12, c11);
        Avx.Store(acc + 16, c02); Avx.Store(acc + 20, c12);
        Avx.Store(acc + 24, c03); Avx.Store(acc + 28, c13);
        WriteBack(acc, c, ldc, iCount, jCount);
    }
#endif
}
