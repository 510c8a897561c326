#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>One column of a dense-times-sparse product over a short row segment: y = sum_e w[e] S[r0 .. r0+rows,
/// idx[e]] for a column-major S. Accumulating the whole sum in registers reads each source segment once and writes
/// y once, where a sequence of axpys (y += w S_col) loads and stores y for every term: at 32 rows the sum is eight
/// AVX registers, so the kernel runs at one load per fused multiply-add instead of three memory operations.</summary>
internal static unsafe class GatherCombination
{
    /// <summary>Rows per register-held segment.</summary>
    public const int Rows = 32;

    /// <summary>y[yo .. yo + rows) = sum over e in [start, start + count) of w[e] * s[idx[e] * ld + r0 .. + rows), for
    /// rows &lt;= <see cref="Rows"/> (the full width takes the register kernel where AVX2 and FMA exist).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Combine(double[] s, int ld, int r0, int rows, int[] idx, double[] w, int start, int count, double[] y, int yo)
    {
        if (count == 0)
        {
            Array.Clear(y, yo, rows);
            return;
        }
        fixed (double* ps = s, pw = &w[start], py = &y[yo])
        fixed (int* pi = &idx[start])
        {
#if NET8_0_OR_GREATER
            if (rows == Rows && Fma.IsSupported && Avx.IsSupported)
            {
                var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero; var a2 = Vector256<double>.Zero; var a3 = Vector256<double>.Zero;
                var a4 = Vector256<double>.Zero; var a5 = Vector256<double>.Zero; var a6 = Vector256<double>.Zero; var a7 = Vector256<double>.Zero;
                for (int e = 0; e < count; e++)
                {
                    double* p = ps + (long)pi[e] * ld + r0;
                    // The next term's segment is in another column: ask for it now so its latency hides behind this one.
                    if (e + 1 < count)
                    {
                        double* next = ps + (long)pi[e + 1] * ld + r0;
                        Sse.Prefetch0(next); Sse.Prefetch0(next + 8); Sse.Prefetch0(next + 16); Sse.Prefetch0(next + 24); Sse.Prefetch0(next + 31);
                    }
                    var v = Vector256.Create(pw[e]);
                    a0 = Fma.MultiplyAdd(Avx.LoadVector256(p), v, a0);
                    a1 = Fma.MultiplyAdd(Avx.LoadVector256(p + 4), v, a1);
                    a2 = Fma.MultiplyAdd(Avx.LoadVector256(p + 8), v, a2);
                    a3 = Fma.MultiplyAdd(Avx.LoadVector256(p + 12), v, a3);
                    a4 = Fma.MultiplyAdd(Avx.LoadVector256(p + 16), v, a4);
                    a5 = Fma.MultiplyAdd(Avx.LoadVector256(p + 20), v, a5);
                    a6 = Fma.MultiplyAdd(Avx.LoadVector256(p + 24), v, a6);
                    a7 = Fma.MultiplyAdd(Avx.LoadVector256(p + 28), v, a7);
                }
                Avx.Store(py, a0); Avx.Store(py + 4, a1); Avx.Store(py + 8, a2); Avx.Store(py + 12, a3);
                Avx.Store(py + 16, a4); Avx.Store(py + 20, a5); Avx.Store(py + 24, a6); Avx.Store(py + 28, a7);
                return;
            }
#endif
            for (int i = 0; i < rows; i++) py[i] = 0.0;
            for (int e = 0; e < count; e++)
            {
                double* p = ps + (long)pi[e] * ld + r0;
                double v = pw[e];
                for (int i = 0; i < rows; i++) py[i] += v * p[i];
            }
        }
    }
}
