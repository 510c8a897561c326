#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The 8 x 4 register block of <see cref="SymmetricRankUpdate"/>: acc[jj*8 + ii] = sum_t A[t][ii] * B[t][jj]
/// over packed strips. AVX2 + FMA where the CPU has them (net8.0), plain loops otherwise.</summary>
internal static class SyrkMicroKernel
{
    public static void Multiply(double[] packA, int aOffset, double[] packB, int bOffset, int k, Span<double> acc)
    {
#if NET8_0_OR_GREATER
        if (Fma.IsSupported && Avx.IsSupported)
        {
            MultiplyAvx(packA, aOffset, packB, bOffset, k, acc);
            return;
        }
#endif
        MultiplyScalar(packA, aOffset, packB, bOffset, k, acc);
    }

    private static void MultiplyScalar(double[] packA, int aOffset, double[] packB, int bOffset, int k, Span<double> acc)
    {
        acc.Clear();
        for (int t = 0; t < k; t++)
        {
            int a = aOffset + t * 8, b = bOffset + t * 4;
            for (int jj = 0; jj < 4; jj++)
            {
                double bv = packB[b + jj];
                int o = jj * 8;
                for (int ii = 0; ii < 8; ii++)
                    acc[o + ii] += packA[a + ii] * bv;
            }
        }
    }

#if NET8_0_OR_GREATER
    private static unsafe void MultiplyAvx(double[] packA, int aOffset, double[] packB, int bOffset, int k, Span<double> acc)
    {
        var c00 = Vector256<double>.Zero; var c10 = Vector256<double>.Zero;
        var c01 = Vector256<double>.Zero; var c11 = Vector256<double>.Zero;
        var c02 = Vector256<double>.Zero; var c12 = Vector256<double>.Zero;
        var c03 = Vector256<double>.Zero; var c13 = Vector256<double>.Zero;
        fixed (double* pa0 = &packA[aOffset], pb0 = &packB[bOffset])
        {
            double* pa = pa0, pb = pb0;
            for (int t = 0; t < k; t++, pa += 8, pb += 4)
            {
                var a0 = Avx.LoadVector256(pa);
                var a1 = Avx.LoadVector256(pa + 4);
                var b = Vector256.Create(pb[0]);
                c00 = Fma.MultiplyAdd(a0, b, c00); c10 = Fma.MultiplyAdd(a1, b, c10);
                b = Vector256.Create(pb[1]);
                c01 = Fma.MultiplyAdd(a0, b, c01); c11 = Fma.MultiplyAdd(a1, b, c11);
                b = Vector256.Create(pb[2]);
                c02 = Fma.MultiplyAdd(a0, b, c02); c12 = Fma.MultiplyAdd(a1, b, c12);
                b = Vector256.Create(pb[3]);
                c03 = Fma.MultiplyAdd(a0, b, c03); c13 = Fma.MultiplyAdd(a1, b, c13);
            }
        }
        fixed (double* pc = acc)
        {
            Avx.Store(pc, c00); Avx.Store(pc + 4, c10);
            Avx.Store(pc + 8, c01); Avx.Store(pc + 12, c11);
            Avx.Store(pc + 16, c02); Avx.Store(pc + 20, c12);
            Avx.Store(pc + 24, c03); Avx.Store(pc + 28, c13);
        }
    }
#endif
}
