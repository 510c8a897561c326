using System.Runtime.ExceptionServices;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>A work loop that hands out items dynamically. Items of a triangular update differ in cost, so a static
/// split would leave one core idle; a shared counter keeps both busy. Below a work threshold the callers stay
/// sequential: starting workers costs microseconds. How many threads is always the caller's (<see cref="KernelOptions"/>,
/// passed down by the model; the sparse kernels get it through their workspace): no process-wide setting.
/// Every worker has returned before <see cref="For"/> returns or throws: a cancelled token or a failing item stops
/// the others from claiming more items (an item already started runs to its end), so no kernel work outlives the
/// call that asked for it.</summary>
internal static class KernelParallelism
{
    /// <summary>Runs body(i) for i = 0..count-1, in this order of claiming, on up to <paramref name="maxThreads"/>
    /// threads (1: sequentially on the caller's). The token is read before each item (one read of a flag: an item is a
    /// strip or block of a kernel, microseconds at least); once it is cancelled no further item starts and the call
    /// throws <see cref="OperationCanceledException"/>. An exception in an item is rethrown as itself after every
    /// worker has stopped.</summary>
    public static void For(int count, int maxThreads, Action<int> body, CancellationToken cancellationToken = default)
    {
        int threads = Math.Min(maxThreads, count);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }
            return;
        }
        int next = -1, stop = 0;
        ExceptionDispatchInfo? failure = null;
        // Parallel.For returns only when every worker has: the caller's thread is one of them.
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            try
            {
                int i;
                while (Volatile.Read(ref stop) == 0 && !cancellationToken.IsCancellationRequested
                       && (i = Interlocked.Increment(ref next)) < count)
                    body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                Volatile.Write(ref stop, 1);
            }
        });
        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
