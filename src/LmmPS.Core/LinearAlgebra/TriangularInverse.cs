using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>L^-1 of a dense lower-triangular L (column-major) for the gradient pass, at every evaluation. Eight
/// columns of L^-1 at a time are found as one packed strip by <see cref="InverseStripSolve"/> (forward
/// substitution with the strip held in L2, four columns of L per pass) and written out; the strips are independent,
/// so they are shared between the cores, the widest (leftmost) first. About n^3/6 multiply-adds, as many as the
/// Cholesky that made L. <see cref="DenseTriangular.InvertLower"/> does the same column by column; it is fine once
/// per fit but streams all of L once per column.</summary>
internal static unsafe class TriangularInverse
{
    /// <summary>Strips solved together once L is too large for the L3 cache (4n^2 bytes over half of 32 MB): they
    /// share each pass over L (<see cref="InverseStripSolve"/>), so L streams from memory once per four strips.
    /// Below that L is read from L3 anyway and the larger working set only costs (measured: no gain at n = 1,159,
    /// 15-20% at n = 3,053).</summary>
    private const int GroupStrips = 4;
    private const int GroupFromSize = 2048;

    // One group buffer per thread (up to 4 x 8n doubles), kept across calls: the gradient inverts a matrix of the same
    // size at every evaluation.
    [ThreadStatic] private static double[]? _strip;
    [ThreadStatic] private static double[]? _inverseDiagonal;

    /// <summary>Writes L^-1 of the n x n L at l[offset] (leading dimension ld) into u, n x n column-major with leading
    /// dimension n; the strict upper triangle of u is set to 0. Up to <paramref name="maxThreads"/> threads (0: every
    /// core).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void InvertLower(double[] l, int offset, int ld, int n, double[] u, int maxThreads = 0,
        CancellationToken cancellationToken = default) =>
        InvertLower(l, offset, ld, n, u, portable: false, maxThreads: maxThreads, cancellationToken: cancellationToken);

    /// <summary>As above; portable = true uses the plain loops even where AVX2 exists, and group &gt; 0 solves that
    /// many strips together whatever n (the tests check every path; 0 chooses by n).</summary>
    [MethodImpl(JitHints.Hot)]
    internal static void InvertLower(double[] l, int offset, int ld, int n, double[] u, bool portable, int group = 0, int maxThreads = 0,
        CancellationToken cancellationToken = default)
    {
        if (maxThreads <= 0) maxThreads = KernelOptions.Default.MaxThreads;
        if (n <= 0) return;
        var inverseDiagonal = Buffer(ref _inverseDiagonal, n);
        for (int t = 0; t < n; t++) inverseDiagonal[t] = 1.0 / l[offset + (long)t * ld + t];
        int strips = StripPacking.StripCount(n);
        if (group <= 0) group = n >= GroupFromSize ? GroupStrips : 1;
        int groups = (strips + group - 1) / group;
        bool parallel = (long)n * n * n / 6 >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(groups, parallel ? maxThreads : 1, item =>
        {
            int first = item * group, count = Math.Min(group, strips - first);
            var buffer = Buffer(ref _strip, group * StripPacking.Strip * n);
            fixed (double* pl = &l[offset], px = buffer, pi = inverseDiagonal, pu = u)
            {
                InverseStripSolve.Solve(pl, ld, n, first, count, px, pi, portable);
                for (int g = 0; g < count; g++)
                    Unpack(px + (long)g * StripPacking.Strip * n, n, first + g, pu);
            }
        }, cancellationToken);
    }

    /// <summary>Columns 8s..8s+7 of u from strip s: x[t*8 + ii] = L^-1[t, 8s + ii], zero for t &lt; 8s.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void Unpack(double* x, int n, int s, double* u)
    {
        const int w = StripPacking.Strip;
        int t0 = s * w, count = Math.Min(w, n - t0);
        for (int ii = 0; ii < count; ii++)
        {
            double* column = u + (long)(t0 + ii) * n;
            for (int t = 0; t < t0; t++) column[t] = 0.0;
            double* source = x + ii;
            for (int t = t0; t < n; t++) column[t] = source[(long)t * w];
        }
    }

    [MethodImpl(JitHints.Hot)]
    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new double[length];
        return buffer;
    }
}
