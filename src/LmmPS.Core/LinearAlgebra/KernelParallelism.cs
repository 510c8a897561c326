namespace LmmPS.Core.LinearAlgebra;

/// <summary>A work loop that hands out items dynamically. Items of a triangular update differ in cost, so a static
/// split would leave one core idle; a shared counter keeps both busy. Below a work threshold the callers stay
/// sequential: starting workers costs microseconds. How many threads is always the caller's (<see cref="KernelOptions"/>,
/// passed down by the model; the sparse kernels get it through their workspace): no process-wide setting.</summary>
internal static class KernelParallelism
{
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
