using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LmmPS.Core.Profiling;

/// <summary>Runs independent traces on up to <c>degree</c> worker tasks. Each worker owns one evaluator (its own
/// model, as models are not thread-safe), created when the worker takes its first trace. The first failure cancels
/// the other workers and is rethrown as itself (so an LmmException keeps its ErrorId).</summary>
internal static class TraceWorkers
{
    public static void Run<T>(IReadOnlyList<T> items, int degree, Func<ProfileEvaluator> createEvaluator,
        Action<T, ProfileEvaluator, CancellationToken> work, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<T>(items);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;
        var gate = new object();
        var token = linked.Token;

        void Worker()
        {
            ProfileEvaluator? evaluator = null;
            try
            {
                while (!token.IsCancellationRequested && queue.TryDequeue(out var item))
                {
                    evaluator ??= createEvaluator();
                    work(item, evaluator, token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Another worker failed or the caller cancelled: handled below.
            }
            catch (Exception e)
            {
                lock (gate)
                    failure ??= ExceptionDispatchInfo.Capture(e);
                linked.Cancel();
            }
        }

        int workers = Math.Max(1, Math.Min(degree, items.Count));
        if (workers == 1)
            Worker();
        else
            Task.WaitAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker)).ToArray());

        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
