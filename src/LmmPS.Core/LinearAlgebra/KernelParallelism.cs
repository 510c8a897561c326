namespace LmmPS.Core.LinearAlgebra;

/// <summary>How many threads the dense kernels may use, and a work loop that hands out items dynamically. Items of
/// a triangular update differ in cost, so a static split would leave one core idle; a shared counter keeps both
/// busy. Below a work threshold the callers stay sequential: starting workers costs microseconds.</summary>
internal static class KernelParallelism
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Upper bound on threads per kernel call (at least 1). The bench sets it with --threads.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set => _maxThreads = Math.Max(1, value);
    }

    /// <summary>Runs body(i) for i = 0..count-1, in this order of claiming, on up to <see cref="MaxThreads"/>
    /// threads when <paramref name="parallel"/> is true; sequentially otherwise.</summary>
    public static void For(int count, bool parallel, Action<int> body)
    {
        int threads = Math.Min(MaxThreads, count);
        if (!parallel || threads <= 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        int next = -1;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                body(i);
        });
    }
}
