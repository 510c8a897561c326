#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>Eight columns of L^-1 at once, as one packed 8-row strip of L^-T (the layout of <see cref="StripPacking"/>):
/// forward substitution L x = e_c for the 8 unit vectors together, four columns of L per pass so each strip entry is
/// loaded and stored once per four updates. Strips are independent, so callers share them between the cores; the
/// strip (64n bytes) stays in L2 while L streams past it. Used by <see cref="TriangularInverse"/>.</summary>
internal static unsafe class InverseStripSolve
{
    /// <summary>Strip s of P = L^-T: rows 8s..8s+7 of P (columns 8s..8s+7 of L^-1), i.e. x_t for t = 0..n-1 with L x = e_{8s+ii}; x_t = 0 for t &lt; 8s.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Solve(double* l, int ld, int n, int s, double* x, double* inverseDiagonal, bool portable) =>
        Solve(l, ld, n, s, 1, x, inverseDiagonal, portable);

    /// <summary>Strips s .. s+count-1 at once, strip s+g at x + g*8n. Each pass over four columns of L updates every
    /// strip of the group that has started, so those columns come from L2 for all but the first strip: L is read
    /// from memory once per group instead of once per strip, which matters once L outgrows the L3 cache.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Solve(double* l, int ld, int n, int s, int count, double* x, double* inverseDiagonal, bool portable)
    {
        const int w = StripPacking.Strip;
        long stripLength = (long)w * n;
        for (long i = 0; i < stripLength * count; i++) x[i] = 0.0;
        for (int g = 0; g < count; g++)
        {
            int t0 = (s + g) * w;
            for (int ii = 0; ii < w && t0 + ii < n; ii++) x[g * stripLength + (t0 + ii) * w + ii] = 1.0;
        }
        for (int t = s * w; t < n; t += 4)
        {
            int block = Math.Min(4, n - t);
            // Strips whose first row lies at or above t have started; later ones are still all zero.
            for (int g = 0; g < count && (s + g) * w <= t; g++)
            {
                double* xg = x + g * stripLength;
                FinishBlock(l, ld, t, block, xg, inverseDiagonal);
                if (block == 4) UpdateBelow(l, ld, n, t, xg, portable);
            }
        }
    }

    /// <summary>Finishes x_t .. x_{t+block-1} among themselves (the 4 x 4 diagonal block of L).</summary>
    [MethodImpl(JitHints.Hot)]
    private static void FinishBlock(double* l, int ld, int t, int block, double* x, double* inverseDiagonal)
    {
        const int w = StripPacking.Strip;
        for (int a = 0; a < block; a++)
        {
            double* xa = x + (t + a) * w;
            double inv = inverseDiagonal[t + a];
            for (int ii = 0; ii < w; ii++) xa[ii] *= inv;
            double* column = l + (long)(t + a) * ld;
            for (int b = a + 1; b < block; b++)
            {
                double f = column[t + b];
                double* xb = x + (t + b) * w;
                for (int ii = 0; ii < w; ii++) xb[ii] -= xa[ii] * f;
            }
        }
    }

    /// <summary>x_j -= sum_{a&lt;4} x_{t+a} L[j, t+a] for j = t+4..n-1.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void UpdateBelow(double* l, int ld, int n, int t, double* x, bool portable)
    {
        const int w = StripPacking.Strip;
        double* c0 = l + (long)t * ld, c1 = c0 + ld, c2 = c1 + ld, c3 = c2 + ld;
#if NET8_0_OR_GREATER
        if (!portable && Fma.IsSupported && Avx.IsSupported)
        {
            double* xt = x + t * w;
            var p0 = Avx.LoadVector256(xt); var q0 = Avx.LoadVector256(xt + 4);
            var p1 = Avx.LoadVector256(xt + 8); var q1 = Avx.LoadVector256(xt + 12);
            var p2 = Avx.LoadVector256(xt + 16); var q2 = Avx.LoadVector256(xt + 20);
            var p3 = Avx.LoadVector256(xt + 24); var q3 = Avx.LoadVector256(xt + 28);
            for (int j = t + 4; j < n; j++)
            {
                double* xj = x + j * w;
                var lo = Avx.LoadVector256(xj);
                var hi = Avx.LoadVector256(xj + 4);
                var f = Vector256.Create(c0[j]);
                lo = Fma.MultiplyAddNegated(p0, f, lo); hi = Fma.MultiplyAddNegated(q0, f, hi);
                f = Vector256.Create(c1[j]);
                lo = Fma.MultiplyAddNegated(p1, f, lo); hi = Fma.MultiplyAddNegated(q1, f, hi);
                f = Vector256.Create(c2[j]);
                lo = Fma.MultiplyAddNegated(p2, f, lo); hi = Fma.MultiplyAddNegated(q2, f, hi);
                f = Vector256.Create(c3[j]);
                lo = Fma.MultiplyAddNegated(p3, f, lo); hi = Fma.MultiplyAddNegated(q3, f, hi);
                Avx.Store(xj, lo);
                Avx.Store(xj + 4, hi);
            }
            return;
        }
#endif
        double* x0 = x + t * w, x1 = x0 + w, x2 = x1 + w, x3 = x2 + w;
        for (int j = t + 4; j < n; j++)
        {
            double* xj = x + j * w;
            double f0 = c0[j], f1 = c1[j], f2 = c2[j], f3 = c3[j];
            for (int ii = 0; ii < w; ii++)
                xj[ii] -= x0[ii] * f0 + x1[ii] * f1 + x2[ii] * f2 + x3[ii] * f3;
        }
    }
}
