using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>In-place Cholesky A = L L' of a dense symmetric matrix stored column-major (only the lower triangle is
/// read or meaningful afterwards). Right-looking and blocked: factor a diagonal block, solve the panel below it
/// strip by strip in packed form (<see cref="StripTriangularSolve"/>), then update the trailing matrix from those
/// same packed strips with <see cref="SymmetricRankUpdate"/>, where almost all the work is. The panel solve and
/// the update each share their strips between the cores when there is enough work.</summary>
internal static unsafe class DenseCholesky
{
    /// <summary>Diagonal blocks up to this size are factored column by column; larger ones recursively.</summary>
    private const int UnblockedSize = 16;

    /// <summary>Factors the n x n matrix at a[offset] with leading dimension ld. Returns false (leaving a partly
    /// overwritten) when a pivot is not positive: the matrix is not numerically positive definite.
    /// Allocates its scratch; repeated callers pass a <see cref="CholeskyWorkspace"/>. Threads and block width from
    /// <paramref name="options"/> (null: <see cref="KernelOptions.Default"/>). A cancelled
    /// token stops it between block steps and between the strips of a step (it is read
    /// once per strip or row block, never per element) with <see cref="OperationCanceledException"/>, leaving a partly
    /// factored matrix.</summary>
    [MethodImpl(JitHints.Hot)]
    public static bool TryFactor(double[] a, int offset, int ld, int n, KernelOptions? options = null) =>
        TryFactor(a, offset, ld, n, new CholeskyWorkspace(), options);

    [MethodImpl(JitHints.Hot)]
    public static bool TryFactor(double[] a, int offset, int ld, int n, CholeskyWorkspace workspace, KernelOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= KernelOptions.Default;
        return Factor(a, offset, ld, n, options.CholeskyBlockSize, workspace, options.MaxThreads, cancellationToken, workspace.BlockStepHook);
    }

    /// <summary>The first <paramref name="columns"/> columns of the Cholesky of the n x n matrix at a[offset]: one
    /// pivot block column of a blocked right-looking factorization whose pivots are given by the caller (the
    /// model factor's later terms, one pivot each). On return the leading columns x columns block holds its factor, the
    /// rows below it hold the solved blocks L[below, pivot] = A[below, pivot] L[pivot, pivot]^-T, and the lower-right
    /// (n - columns) square holds A[below, below] - L[below, pivot] L[below, pivot]' (lower triangle), ready for the
    /// next pivot. The three steps run as this kernel's block steps of at most the block width: each factors a diagonal
    /// sub-block, solves every row under it (the rest of the pivot and everything below) and updates the whole
    /// lower right, so the 96-column steps start at the pivot's first column. Returns false when a pivot is not
    /// positive, like <see cref="TryFactor(double[], int, int, int, CholeskyWorkspace, KernelOptions?, CancellationToken)"/>,
    /// which is this with columns = n.</summary>
    [MethodImpl(JitHints.Hot)]
    public static bool TryFactorLeading(double[] a, int offset, int ld, int n, int columns, CholeskyWorkspace workspace,
        KernelOptions options, CancellationToken cancellationToken)
    {
        if (columns < 1 || columns > n)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"The pivot must have 1 to n = {n} columns.");
        return FactorLeading(a, offset, ld, n, columns, options.CholeskyBlockSize, workspace, options.MaxThreads, cancellationToken,
            workspace.BlockStepHook);
    }

    [MethodImpl(JitHints.Hot)]
    private static bool Factor(double[] a, int offset, int ld, int n, int blockSize, CholeskyWorkspace workspace, int maxThreads,
        CancellationToken cancellationToken, Action? onBlockStep) =>
        FactorLeading(a, offset, ld, n, n, blockSize, workspace, maxThreads, cancellationToken, onBlockStep);

    [MethodImpl(JitHints.Hot)]
    private static bool FactorLeading(double[] a, int offset, int ld, int n, int columns, int blockSize, CholeskyWorkspace workspace,
        int maxThreads, CancellationToken cancellationToken, Action? onBlockStep)
    {
        if (columns == n && n <= UnblockedSize)
            return FactorUnblocked(a, offset, ld, n);
        workspace.Ensure(n, blockSize);
        for (int k = 0; k < columns; k += blockSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onBlockStep?.Invoke();
            int kb = Math.Min(blockSize, columns - k);
            int diagonal = offset + k * ld + k;
            // The diagonal block recursively, with small blocks: it reuses the workspace before this step needs it.
            if (!Factor(a, diagonal, ld, kb, UnblockedSize, workspace, maxThreads, default, null))
                return false;
            int rows = n - k - kb;
            if (rows == 0)
                break;
            SolvePanel(a, diagonal, ld, kb, rows, workspace, maxThreads, cancellationToken);
            int r0 = k + kb;
            SymmetricRankUpdate.ApplyPacked(a, offset + r0 * ld + r0, ld, rows, workspace.Packed, kb, maxThreads, cancellationToken);
        }
        return true;
    }

    /// <summary>Packs the rows x kb panel below the diagonal block at a[diagonal], solves it against the block's
    /// factor strip by strip, and writes the result back; the packed strips stay in the workspace for the update.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void SolvePanel(double[] a, int diagonal, int ld, int kb, int rows, CholeskyWorkspace workspace, int maxThreads,
        CancellationToken cancellationToken)
    {
        var lRows = workspace.DiagonalRows;
        var inverse = workspace.InverseDiagonal;
        for (int t = 0; t < kb; t++)
        {
            for (int s = 0; s < t; s++)
                lRows[t * kb + s] = a[diagonal + s * ld + t];
            inverse[t] = 1.0 / a[diagonal + t * ld + t];
        }
        var packed = workspace.Packed;
        int strips = StripPacking.StripCount(rows);
        int panel = diagonal + kb;
        bool parallel = (long)rows * kb * kb / 2 >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(strips, parallel ? maxThreads : 1, s =>
        {
            fixed (double* pa = a, pp = packed, pl = lRows, pi = inverse)
            {
                double* strip = pp + (long)s * StripPacking.Strip * kb;
                StripPacking.PackStrip(pa + panel, ld, rows, kb, s, strip);
                StripTriangularSolve.Solve(strip, kb, pl, pi);
                StripPacking.UnpackStrip(strip, rows, kb, s, pa + panel, ld);
            }
        }, cancellationToken);
    }

    /// <summary>Column-by-column Cholesky of a small block (earlier columns of the matrix already applied).</summary>
    [MethodImpl(JitHints.Hot)]
    private static bool FactorUnblocked(double[] a, int offset, int ld, int n)
    {
        for (int j = 0; j < n; j++)
        {
            int colJ = offset + j * ld;
            double d = a[colJ + j];
            for (int s = 0; s < j; s++)
            {
                double v = a[offset + s * ld + j];
                d -= v * v;
            }
            if (!(d > 0.0) || double.IsInfinity(d))
                return false;
            double l = Math.Sqrt(d);
            a[colJ + j] = l;
            for (int i = j + 1; i < n; i++)
            {
                double v = a[colJ + i];
                for (int s = 0; s < j; s++)
                    v -= a[offset + s * ld + i] * a[offset + s * ld + j];
                a[colJ + i] = v / l;
            }
        }
        return true;
    }
}
