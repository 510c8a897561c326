using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>(L L')^-1 = L^-T L^-1 for a dense lower-triangular L (column-major), lower triangle, in two fast passes:
/// the rows of P = L^-T are found 8 at a time as packed strips (forward substitution L y = e_i for 8 unit
/// vectors, four columns of L per pass so each strip entry is loaded and stored once per four updates), then
/// P P' comes from the rank-k kernel, each strip starting where its rows stop being zero. About n^3/3
/// multiply-adds, both cores; used once per fit (conditional variances), never per evaluation.</summary>
internal static unsafe class LowerInverseGram
{
    /// <summary>Returns the n x n column-major lower triangle of (L L')^-1 for the n x n L at l[offset] (ld).</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[] Compute(double[] l, int offset, int ld, int n) => Compute(l, offset, ld, n, portable: false);

    /// <summary>As above; portable = true uses the plain loops even where AVX2 exists (the tests check both).</summary>
    [MethodImpl(JitHints.Hot)]
    internal static double[] Compute(double[] l, int offset, int ld, int n, bool portable)
    {
        if (n == 0) return Array.Empty<double>();
        int strips = StripPacking.StripCount(n);
        const int w = StripPacking.Strip;
        var packed = new double[(long)strips * w * n];
        var inverseDiagonal = new double[n];
        for (int t = 0; t < n; t++) inverseDiagonal[t] = 1.0 / l[offset + t * ld + t];
        KernelParallelism.For(strips, n >= 256, s =>
        {
            fixed (double* pl = &l[offset], pp = packed, pi = inverseDiagonal)
                InverseStripSolve.Solve(pl, ld, n, s, pp + (long)s * w * n, pi, portable);
        });
        var c = new double[(long)n * n];
        SymmetricRankUpdate.ApplyPacked(c, 0, n, n, packed, n, leadingZeroSteps: true);
        // The kernel subtracts: C = 0 - P P'.
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                c[(long)j * n + i] = -c[(long)j * n + i];
        return c;
    }
}
