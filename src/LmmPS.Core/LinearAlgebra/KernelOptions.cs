namespace LmmPS.Core.LinearAlgebra;

/// <summary>How the dense kernels run for one model or one fit: the threads they may use and the Cholesky's block
/// width. Immutable and passed down (model, factor, kernel), never process-wide, so two models or two tests with
/// different settings cannot disturb each other. Neither changes a result: every kernel sums in a fixed order
/// whatever the threads, and the block width only regroups the same column updates.</summary>
public sealed class KernelOptions
{
    /// <summary>The Cholesky's default columns per block step (see <see cref="CholeskyBlockSize"/>).</summary>
    public const int DefaultCholeskyBlockSize = 96;

    private readonly int _maxThreads = Environment.ProcessorCount;
    private readonly int _choleskyBlockSize = DefaultCholeskyBlockSize;

    /// <summary>All cores, blocks of <see cref="DefaultCholeskyBlockSize"/>.</summary>
    public static KernelOptions Default { get; } = new();

    /// <summary>Upper bound on threads per kernel call; values below 1 mean 1. Default: every core.</summary>
    public int MaxThreads
    {
        get => _maxThreads;
        init => _maxThreads = Math.Max(1, value);
    }

    /// <summary>Columns per block step of the dense Cholesky: each step streams the whole trailing matrix through the
    /// update once, so a wider block means less memory traffic (it dominates once the matrix outgrows the L3 cache)
    /// but a costlier panel solve. Values below 1 mean 1. Default 96 (bench kernels --block measured it).</summary>
    public int CholeskyBlockSize
    {
        get => _choleskyBlockSize;
        init => _choleskyBlockSize = Math.Max(1, value);
    }

    /// <summary>Which kind of trailing factor a model built with these options uses: automatic (chosen by the symbolic
    /// analysis) unless a test or a bench forces one.</summary>
    public TrailingFactorKind TrailingFactor { get; init; } = TrailingFactorKind.Automatic;

    /// <summary>These options with <paramref name="kind"/> as the trailing factor.</summary>
    public KernelOptions WithTrailingFactor(TrailingFactorKind kind) =>
        new() { MaxThreads = MaxThreads, CholeskyBlockSize = CholeskyBlockSize, TrailingFactor = kind };

    /// <summary>Threads for one kernel call: <see cref="MaxThreads"/> when its work is large enough to share, else 1.</summary>
    internal int Threads(bool parallel) => parallel ? _maxThreads : 1;
}
