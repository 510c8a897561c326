using System.Collections.Concurrent;

namespace LmmPS.Conversion;

/// <summary>
/// Runs engine work on a worker task while the calling (pipeline) thread pumps its progress reports. PowerShell
/// allows WriteVerbose/WriteProgress only on the pipeline thread, and the engine reports through
/// <see cref="IProgress{T}"/> from whatever thread it runs on; so reports are queued in a
/// <see cref="BlockingCollection{T}"/> and handed to <c>onProgress</c> on the caller's thread, in order.
/// Cancelling <c>cancellationToken</c> (StopProcessing) reaches the engine through the token it is given (its kernels
/// check it once per block of work), and the pump waits for the engine to stop before it rethrows
/// <see cref="OperationCanceledException"/>: the prompt comes back with the CPU free, not with the engine still running
/// (issue 17 item 8). The wait is bounded by <see cref="StopWait"/>, so a part of the engine that does not check the
/// token cannot hold Ctrl+C hostage. If the handler itself throws (the pipeline was stopped), the engine is cancelled
/// and awaited before the exception propagates.
/// </summary>
public static class EngineRunner
{
    /// <summary>How long a cancelled command waits for the engine to stop before it returns anyway. The engine checks
    /// its token at least once per block of work (a block of the Cholesky, a level of the gradient, a row of the
    /// average information), far less than this on any model that fits in memory.</summary>
    internal static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);

    public static TResult Run<TProgress, TResult>(
        Func<IProgress<TProgress>, CancellationToken, TResult> work,
        Action<TProgress> onProgress,
        CancellationToken cancellationToken)
    {
        // Neither is disposed: when the pump is abandoned on cancellation the worker may still be using both, and
        // they hold no unmanaged resources that outlive the garbage collector.
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new BlockingCollection<TProgress>();
        var reporter = new QueueReporter<TProgress>(queue);
        var task = Task.Run(() =>
        {
            try
            {
                return work(reporter, linked.Token);
            }
            finally
            {
                reporter.Close();
            }
        });

        try
        {
            foreach (var report in queue.GetConsumingEnumerable(cancellationToken))
                onProgress(report);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            linked.Cancel();
            try
            {
                task.Wait(StopWait);
            }
            catch (AggregateException)
            {
                // The engine's OperationCanceledException (or a failure on its way out): the caller asked to stop.
            }
            throw;
        }
        catch
        {
            linked.Cancel();
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The engine's own failure after cancellation is not what the user needs to see.
            }
            throw;
        }
        // Rethrows the engine's exception itself (not an AggregateException), so LmmException keeps its ErrorId.
        return task.GetAwaiter().GetResult();
    }

    private sealed class QueueReporter<T> : IProgress<T>
    {
        private readonly BlockingCollection<T> _queue;
        private readonly object _gate = new();
        private bool _closed;

        public QueueReporter(BlockingCollection<T> queue) => _queue = queue;

        public void Report(T value)
        {
            lock (_gate)
            {
                // A report after the work finished (an engine that kept a reference) is dropped, not an error.
                if (!_closed)
                    _queue.Add(value);
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                _queue.CompleteAdding();
            }
        }
    }
}
