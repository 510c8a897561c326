#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The panel solve of the blocked Cholesky on one packed 8-row strip: X := X L^-T with L the factored
/// k x k diagonal block, i.e. x_t = (x_t - sum_{s&lt;t} x_s L[t, s]) / L[t, t] for the 8 rows at once. L is given
/// row by row (row t at lRows[t*k]) so the sum reads it contiguously; the sum runs on eight independent
/// accumulators (four steps of s times two halves of the strip) to hide the FMA latency.</summary>
internal static unsafe class StripTriangularSolve
{
    [MethodImpl(JitHints.Hot)]
    public static void Solve(double* x, int k, double* lRows, double* inverseDiagonal)
    {
#if NET8_0_OR_GREATER
        if (Fma.IsSupported && Avx.IsSupported)
        {
            SolveAvx(x, k, lRows, inverseDiagonal);
            return;
        }
#endif
        SolveScalar(x, k, lRows, inverseDiagonal);
    }

    /// <summary>Array form of the pointer Solve, optionally forcing the portable path (for the tests).</summary>
    [MethodImpl(JitHints.Hot)]
    internal static void Solve(double[] x, int k, double[] lRows, double[] inverseDiagonal, bool portable)
    {
        fixed (double* px = x, pl = lRows, pi = inverseDiagonal)
        {
            if (portable) SolveScalar(px, k, pl, pi);
            else Solve(px, k, pl, pi);
        }
    }

    [MethodImpl(JitHints.Hot)]
    internal static void SolveScalar(double* x, int k, double* lRows, double* inverseDiagonal)
    {
        const int w = StripPacking.Strip;
        for (int t = 0; t < k; t++)
        {
            double* row = lRows + (long)t * k;
            double* xt = x + t * w;
            for (int s = 0; s < t; s++)
            {
                double f = row[s];
                double* xs = x + s * w;
                for (int ii = 0; ii < w; ii++) xt[ii] -= xs[ii] * f;
            }
            double inv = inverseDiagonal[t];
            for (int ii = 0; ii < w; ii++) xt[ii] *= inv;
        }
    }

#if NET8_0_OR_GREATER
    [MethodImpl(JitHints.Hot)]
    private static void SolveAvx(double* x, int k, double* lRows, double* inverseDiagonal)
    {
        for (int t = 0; t < k; t++)
        {
            double* row = lRows + (long)t * k;
            var a0 = Vector256<double>.Zero; var b0 = Vector256<double>.Zero;
            var a1 = Vector256<double>.Zero; var b1 = Vector256<double>.Zero;
            var a2 = Vector256<double>.Zero; var b2 = Vector256<double>.Zero;
            var a3 = Vector256<double>.Zero; var b3 = Vector256<double>.Zero;
            double* xs = x;
            int s = 0;
            for (; s + 4 <= t; s += 4, xs += 32)
            {
                var f0 = Vector256.Create(row[s]);
                a0 = Fma.MultiplyAdd(Avx.LoadVector256(xs), f0, a0); b0 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 4), f0, b0);
                var f1 = Vector256.Create(row[s + 1]);
                a1 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 8), f1, a1); b1 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 12), f1, b1);
                var f2 = Vector256.Create(row[s + 2]);
                a2 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 16), f2, a2); b2 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 20), f2, b2);
                var f3 = Vector256.Create(row[s + 3]);
                a3 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 24), f3, a3); b3 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 28), f3, b3);
            }
            for (; s < t; s++, xs += 8)
            {
                var f = Vector256.Create(row[s]);
                a0 = Fma.MultiplyAdd(Avx.LoadVector256(xs), f, a0); b0 = Fma.MultiplyAdd(Avx.LoadVector256(xs + 4), f, b0);
            }
            var sumA = Avx.Add(Avx.Add(a0, a1), Avx.Add(a2, a3));
            var sumB = Avx.Add(Avx.Add(b0, b1), Avx.Add(b2, b3));
            double* xt = x + t * 8;
            var inv = Vector256.Create(inverseDiagonal[t]);
            Avx.Store(xt, Avx.Multiply(Avx.Subtract(Avx.LoadVector256(xt), sumA), inv));
            Avx.Store(xt + 4, Avx.Multiply(Avx.Subtract(Avx.LoadVector256(xt + 4), sumB), inv));
        }
    }
#endif
}
