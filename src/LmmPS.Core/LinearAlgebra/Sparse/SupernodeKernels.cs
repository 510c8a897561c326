using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The dense steps of the supernodal factorization and selected inverse, on the project's packed-strip
/// kernels: products (the update a descendant sends to a supernode, a rectangular part of P P', and the selected
/// inverse's products, on <see cref="SyrkMicroKernel"/>) and the solve of
/// a supernode's rows below its diagonal block (on <see cref="StripTriangularSolve"/>). Work is split by 8-row
/// strips, each written by one thread with a fixed summation order, so results do not depend on the thread count.</summary>
internal static unsafe class SupernodeKernels
{
    /// <summary>Inner dimension per pass of the product kernels: the block width of <see cref="DenseCholesky"/>, for
    /// which the strips and the micro-kernel's streams were sized.</summary>
    private const int KBlock = 96;

    /// <summary>C[0:m, 0:c] -= A B for the m x k matrix A at a[aOffset] (column-major, leading dimension lda) and the
    /// k x c matrix B given row by row (B[t, j] at bRows[t * width + j], width a multiple of 4, the padding zero), C
    /// at c0[cOffset] with leading dimension ldc: the products of the selected inverse. A is packed in 8-row strips,
    /// so the micro-kernel streams it as the left operand and reads four columns of B per tile.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SubtractProduct(double[] a, int aOffset, int lda, int m, int k, double[] bRows, int width, int c,
        double[] c0, int cOffset, int ldc, SupernodeWorkspace workspace)
    {
        if (m <= 0 || k <= 0 || c <= 0) return;
        const int strip = StripPacking.Strip, cols = SyrkMicroKernel.Columns;
        int strips = StripPacking.StripCount(m);
        bool parallel = (long)m * k * c >= SymmetricRankUpdate.ParallelWork;
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int kb = Math.Min(KBlock, k - k0);
            var packed = workspace.Packed(StripPacking.Length(m, kb));
            long stripLength = (long)strip * kb;
            int source = aOffset + k0 * lda, bStart = k0 * width;
            KernelParallelism.For(strips, workspace.Threads(parallel), t =>
            {
                int r0 = t * strip, rows = Math.Min(strip, m - r0);
                fixed (double* pa = &a[source], pp = packed, pb = &bRows[bStart], pc = &c0[cOffset])
                {
                    double* packedStrip = pp + t * stripLength;
                    StripPacking.PackStrip(pa, lda, m, kb, t, packedStrip);
                    for (int j0 = 0; j0 < c; j0 += cols)
                        SyrkMicroKernel.Update(packedStrip, pb + j0, width, kb, pc + (long)j0 * ldc + r0, ldc, rows, Math.Min(cols, c - j0));
                }
            }, workspace.Cancellation);
        }
    }

    /// <summary>Columns rounded up to whole micro-kernel tiles: the row stride of a B given to <see cref="SubtractProduct"/>.</summary>
    public static int PaddedWidth(int c) => (c + SyrkMicroKernel.Columns - 1) / SyrkMicroKernel.Columns * SyrkMicroKernel.Columns;

    /// <summary>X := X L^-T for the rows x k block X at a[xOffset] (leading dimension ld) and the factored k x k
    /// diagonal block L at a[lOffset]: the rows of a supernode below its diagonal block. The same steps as
    /// DenseCholesky's private panel solve (whose panel ends at the matrix's last row, not at a block's); one shared
    /// routine once that file may change (issue 14 is reworking it).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SolveBelowDiagonal(double[] a, int lOffset, int xOffset, int ld, int k, int rows, SupernodeWorkspace workspace)
    {
        if (rows <= 0) return;
        var lRows = workspace.DiagonalRows(k);
        var inverse = workspace.InverseDiagonal(k);
        for (int t = 0; t < k; t++)
        {
            for (int s = 0; s < t; s++)
                lRows[t * k + s] = a[lOffset + s * ld + t];
            inverse[t] = 1.0 / a[lOffset + t * ld + t];
        }
        int strips = StripPacking.StripCount(rows);
        var packed = workspace.Packed(StripPacking.Length(rows, k));
        bool parallel = (long)rows * k * k / 2 >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(strips, workspace.Threads(parallel), s =>
        {
            fixed (double* pa = a, pp = packed, pl = lRows, pi = inverse)
            {
                double* stripData = pp + (long)s * StripPacking.Strip * k;
                StripPacking.PackStrip(pa + xOffset, ld, rows, k, s, stripData);
                StripTriangularSolve.Solve(stripData, k, pl, pi);
                StripPacking.UnpackStrip(stripData, rows, k, s, pa + xOffset, ld);
            }
        }, workspace.Cancellation);
    }
}

/// <summary>Scratch buffers of the supernodal factorization, grown on demand and kept between factorizations.</summary>
internal sealed class SupernodeWorkspace
{
    private double[] _packed = Array.Empty<double>();
    private double[] _diagonalRows = Array.Empty<double>();
    private double[] _inverseDiagonal = Array.Empty<double>();

    /// <param name="maxThreads">Threads the product and solve kernels may use (the model's
    /// <see cref="KernelOptions.MaxThreads"/>); results do not depend on it.</param>
    public SupernodeWorkspace(int maxThreads = 1) => MaxThreads = Math.Max(1, maxThreads);

    public int MaxThreads { get; }

    /// <summary>The token of the factorization or selected inverse now using this workspace: its kernels stop between
    /// strips once it is cancelled.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Threads for one kernel call: <see cref="MaxThreads"/> when its work is large enough to share.</summary>
    public int Threads(bool parallel) => parallel ? MaxThreads : 1;

    public CholeskyWorkspace Dense { get; } = new();

    public double[] Packed(long length) => Grow(ref _packed, length);

    public double[] DiagonalRows(int k) => Grow(ref _diagonalRows, (long)k * k);

    public double[] InverseDiagonal(int k) => Grow(ref _inverseDiagonal, k);

    private readonly double[][] _buffers = Enumerable.Range(0, 7).Select(_ => Array.Empty<double>()).ToArray();

    /// <summary>A cleared scratch array of at least length doubles, one per slot (0..6): the factor's update uses 0-1,
    /// the selected inverse (its own workspace) 0-6.</summary>
    public double[] Cleared(int slot, long length)
    {
        var buffer = Grow(ref _buffers[slot], length);
        Array.Clear(buffer, 0, (int)length);
        return buffer;
    }

    private static double[] Grow(ref double[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new double[Math.Max(length, buffer.Length + buffer.Length / 2)];
        return buffer;
    }
}
