using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>C -= P P' on the lower triangle of a column-major C (the SYRK of BLAS), the step that dominates a
/// dense Cholesky. P comes packed in 8-row strips (<see cref="StripPacking"/>); the same strips serve as the left
/// operand (8 rows) and, half a strip at a time, as the right operand (4 rows), so P is packed once.
/// Work is cut into blocks of <see cref="RowBlock"/> rows of C, so that block's strips of P stay in L2 while every
/// column strip left of the diagonal passes over them; blocks are shared dynamically between the cores.
/// Entries of C above the diagonal inside a touched 8 x 4 tile get P P' subtracted too: every caller treats C as
/// lower-triangular.</summary>
internal static unsafe class SymmetricRankUpdate
{
    /// <summary>Rows of C per work item: 12 strips, 72 KB of packed P at k = 96.</summary>
    internal const int RowBlock = 96;

    /// <summary>Multiply-adds below which one thread is faster than two (starting workers costs microseconds).</summary>
    internal const long ParallelWork = 1L << 21;

    // The packed copy of P for Apply, kept per calling thread: the gradient calls Apply about m/64 times per
    // evaluation with panels of up to m x 64, and a fresh array each time would be a large-object allocation.
    [ThreadStatic] private static double[]? _packed;

    /// <summary>C[0:n, 0:n] -= P[0:n, 0:k] P[0:n, 0:k]' where C starts at c[cOffset] with leading dimension ldc and
    /// P at p[pOffset] with leading dimension ldp (both column-major). Packs P into a buffer kept for the next
    /// call (strips shared between the cores when the update is large); the Cholesky packs its panels itself and
    /// calls <see cref="ApplyPacked"/>. Up to <paramref name="maxThreads"/> threads (0: every core).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Apply(double[] c, int cOffset, int ldc, int n, double[] p, int pOffset, int ldp, int k, int maxThreads = 0,
        CancellationToken cancellationToken = default)
    {
        if (maxThreads <= 0) maxThreads = KernelOptions.Default.MaxThreads;
        if (n <= 0 || k <= 0) return;
        long length = StripPacking.Length(n, k);
        if (_packed is null || _packed.Length < length)
            _packed = new double[length];
        var packed = _packed;
        int strips = StripPacking.StripCount(n);
        bool parallel = (long)n * n * k / 2 >= ParallelWork;
        KernelParallelism.For(strips, parallel ? maxThreads : 1, s =>
        {
            fixed (double* src = &p[pOffset], dst = packed)
                StripPacking.PackStrip(src, ldp, n, k, s, dst + (long)s * StripPacking.Strip * k);
        }, cancellationToken);
        ApplyPacked(c, cOffset, ldc, n, packed, k, maxThreads, cancellationToken);
    }

    /// <summary>C[0:n, 0:n] -= P P' with P already packed at packed[0] (strip s at s*8*k), on up to
    /// <paramref name="maxThreads"/> threads (0: every core); a cancelled token stops it between row blocks.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void ApplyPacked(double[] c, int cOffset, int ldc, int n, double[] packed, int k, int maxThreads = 0,
        CancellationToken cancellationToken = default)
    {
        if (maxThreads <= 0) maxThreads = KernelOptions.Default.MaxThreads;
        if (n <= 0 || k <= 0) return;
        int blocks = (n + RowBlock - 1) / RowBlock;
        bool parallel = (long)n * n * k / 2 >= ParallelWork;
        // The bottom blocks reach across the most columns: hand them out first so the cores finish together.
        KernelParallelism.For(blocks, parallel ? maxThreads : 1, item => UpdateRowBlock(c, cOffset, ldc, n, packed, k, blocks - 1 - item),
            cancellationToken);
    }

    [MethodImpl(JitHints.Hot)]
    private static void UpdateRowBlock(double[] c, int cOffset, int ldc, int n, double[] packed, int k, int block)
    {
        const int strip = StripPacking.Strip, cols = SyrkMicroKernel.Columns;
        int i0 = block * RowBlock, i1 = Math.Min(n, i0 + RowBlock);
        int s0 = i0 / strip, s1 = StripPacking.StripCount(i1);
        long stripLength = (long)strip * k;
        fixed (double* pc0 = &c[cOffset], pp = packed)
        {
            // Column strips u whose first column lies above the block's last row.
            for (int j0 = 0; j0 < i1; j0 += cols)
            {
                int jCount = Math.Min(cols, n - j0);
                // B rows j0..j0+3 are one half of strip j0/8.
                double* b = pp + (j0 / strip) * stripLength + (j0 % strip);
                double* cColumn = pc0 + (long)j0 * ldc;
                // Row strips that reach the diagonal of these columns or lie below it.
                for (int s = Math.Max(s0, j0 / strip); s < s1; s++)
                {
                    int r0 = s * strip;
                    SyrkMicroKernel.Update(pp + s * stripLength, b, strip, k, cColumn + r0, ldc, Math.Min(strip, n - r0), jCount);
                }
            }
        }
    }
}
