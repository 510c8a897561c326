using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The dense steps of the supernodal factorization, on the project's packed-strip kernels: the update a
/// descendant sends to a supernode (a rectangular part of P P', on <see cref="SyrkMicroKernel"/>) and the solve of
/// a supernode's rows below its diagonal block (on <see cref="StripTriangularSolve"/>). Work is split by 8-row
/// strips, each written by one thread with a fixed summation order, so results do not depend on the thread count.</summary>
internal static unsafe class SupernodeKernels
{
    /// <summary>W[0:m, 0:c] = -P P[0:c, :]' for the m x k block P at p[pOffset] (leading dimension ldp), W
    /// column-major with leading dimension m. Entries above the diagonal of W's top c x c part are also written
    /// (the kernel works in 8 x 4 tiles); callers read the lower part.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void NegativeOuterProduct(double[] p, int pOffset, int ldp, int m, int k, int c, SupernodeWorkspace workspace)
    {
        const int strip = StripPacking.Strip, cols = SyrkMicroKernel.Columns;
        var packed = workspace.Packed(StripPacking.Length(m, k));
        var w = workspace.Update((long)m * c);
        Array.Clear(w, 0, m * c);
        int strips = StripPacking.StripCount(m);
        long stripLength = (long)strip * k;
        bool parallel = (long)m * c * k >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(strips, parallel, s =>
        {
            fixed (double* src = &p[pOffset], pp = packed)
                StripPacking.PackStrip(src, ldp, m, k, s, pp + s * stripLength);
        });
        KernelParallelism.For(strips, parallel, s =>
        {
            int r0 = s * strip, rows = Math.Min(strip, m - r0);
            fixed (double* pp = packed, pw = w)
                // Column tiles at or left of this strip's last row (the lower part of W).
                for (int j0 = 0; j0 < c && j0 < r0 + strip; j0 += cols)
                {
                    double* b = pp + (j0 / strip) * stripLength + (j0 % strip);
                    SyrkMicroKernel.Update(pp + s * stripLength, b, strip, k, pw + (long)j0 * m + r0, m, rows, Math.Min(cols, c - j0));
                }
        });
    }

    /// <summary>C[0:m, 0:c] -= S U for the m x m matrix S (both triangles, column-major, leading dimension m) and
    /// the m x c matrix U given transposed (U[a, j] at ut[a * width + j], width a multiple of 4 with zero padding), C at c0[cOffset] with leading dimension ldc:
    /// the selected inverse's Z_RJ = -Z_RR U. S is packed in 8-row strips, so the micro-kernel streams it as the
    /// left operand and reads four columns of U per tile.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SubtractProduct(double[] s, int m, double[] ut, int width, int c, double[] c0, int cOffset, int ldc, SupernodeWorkspace workspace)
    {
        const int strip = StripPacking.Strip, cols = SyrkMicroKernel.Columns;
        var packed = workspace.Packed(StripPacking.Length(m, m));
        int strips = StripPacking.StripCount(m);
        long stripLength = (long)strip * m;
        bool parallel = (long)m * m * c >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(strips, parallel, t =>
        {
            int r0 = t * strip, rows = Math.Min(strip, m - r0);
            fixed (double* ps = s, pp = packed, pu = ut, pc = &c0[cOffset])
            {
                double* a = pp + t * stripLength;
                StripPacking.PackStrip(ps, m, m, m, t, a);
                for (int j0 = 0; j0 < c; j0 += cols)
                    SyrkMicroKernel.Update(a, pu + j0, width, m, pc + (long)j0 * ldc + r0, ldc, rows, Math.Min(cols, c - j0));
            }
        });
    }

    /// <summary>X := X L^-T for the rows x k block X at a[xOffset] (leading dimension ld) and the factored k x k
    /// diagonal block L at a[lOffset]: the rows of a supernode below its diagonal block.</summary>
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
        KernelParallelism.For(strips, parallel, s =>
        {
            fixed (double* pa = a, pp = packed, pl = lRows, pi = inverse)
            {
                double* stripData = pp + (long)s * StripPacking.Strip * k;
                StripPacking.PackStrip(pa + xOffset, ld, rows, k, s, stripData);
                StripTriangularSolve.Solve(stripData, k, pl, pi);
                StripPacking.UnpackStrip(stripData, rows, k, s, pa + xOffset, ld);
            }
        });
    }
}

/// <summary>Scratch buffers of the supernodal factorization, grown on demand and kept between factorizations.</summary>
internal sealed class SupernodeWorkspace
{
    private double[] _packed = Array.Empty<double>();
    private double[] _update = Array.Empty<double>();
    private double[] _diagonalRows = Array.Empty<double>();
    private double[] _inverseDiagonal = Array.Empty<double>();

    public CholeskyWorkspace Dense { get; } = new();

    public double[] Packed(long length) => Grow(ref _packed, length);

    public double[] Update(long length) => Grow(ref _update, length);

    public double[] DiagonalRows(int k) => Grow(ref _diagonalRows, (long)k * k);

    public double[] InverseDiagonal(int k) => Grow(ref _inverseDiagonal, k);

    private static double[] Grow(ref double[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new double[Math.Max(length, buffer.Length + buffer.Length / 2)];
        return buffer;
    }
}
