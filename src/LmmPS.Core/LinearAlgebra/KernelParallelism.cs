namespace LmmPS.Core.LinearAlgebra;

/// <summary>A work loop that hands out items dynamically. Items of a triangular update differ in cost, so a static
/// split would leave one core idle; a shared counter keeps both busy. Below a work threshold the callers stay
/// sequential: starting workers costs microseconds. How many threads is the caller's (<see cref="KernelOptions"/>,
/// passed down by the model). The one exception is <see cref="MaxThreads"/>, which only the sparse supernodal kernels
/// (LinearAlgebra/Sparse, not yet on KernelOptions) still read through the boolean overload.</summary>
internal static class KernelParallelism
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Threads of the boolean overload only: the sparse supernodal kernels' switch until they take
    /// <see cref="KernelOptions"/> like the dense ones. No model, fit or dense kernel reads it.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set => _maxThreads = Math.Max(1, value);
    }

    /// <summary>Runs body(i) for i = 0..count-1 on up to <see cref="MaxThreads"/> threads when
    /// <paramref name="parallel"/> is true, sequentially otherwise (the sparse kernels' form; see the class summary).</summary>
    public static void For(int count, bool parallel, Action<int> body) =>
        For(count, parallel ? MaxThreads : 1, body);

    /// <summary>Runs body(i) for i = 0..count-1, in this order of claiming, on up to <paramref name="maxThreads"/>
    /// threads (1: sequentially on the caller's).</summary>
    public static void For(int count, int maxThreads, Action<int> body)
    {
        int threads = Math.Min(maxThreads, count);
        if (threads <= 1)
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
