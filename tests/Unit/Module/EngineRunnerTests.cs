using LmmPS.Conversion;
using LmmPS.Core.Common;

namespace LmmPS.Tests.Module;

/// <summary>The worker-thread / pipeline-thread marshalling the cmdlets use for WriteVerbose and WriteProgress.</summary>
public class EngineRunnerTests
{
    [Fact]
    public void Progress_arrives_in_order_on_the_calling_thread_and_the_result_is_returned()
    {
        int caller = Environment.CurrentManagedThreadId;
        int worker = -1;
        var seen = new List<(int Value, int Thread)>();
        var result = EngineRunner.Run<int, string>((progress, token) =>
        {
            worker = Environment.CurrentManagedThreadId;
            for (int i = 1; i <= 200; i++)
                progress.Report(i);
            return "done";
        }, value => seen.Add((value, Environment.CurrentManagedThreadId)), CancellationToken.None);

        Assert.Equal("done", result);
        Assert.NotEqual(caller, worker);
        Assert.Equal(Enumerable.Range(1, 200), seen.Select(s => s.Value));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }

    [Fact]
    public void An_engine_error_comes_back_as_itself_with_its_ErrorId()
    {
        var ex = Assert.Throws<LmmException>(() => EngineRunner.Run<int, int>((progress, token) =>
        {
            progress.Report(1);
            throw new LmmException("ModelNotIdentifiable", LmmErrorCategory.InvalidData, "too few levels");
        }, _ => { }, CancellationToken.None));
        Assert.Equal("ModelNotIdentifiable", ex.ErrorId);
    }

    [Fact]
    public void Stopping_cancels_the_engine_token_and_ends_the_pump()
    {
        using var stop = new CancellationTokenSource();
        using var engineSawCancel = new ManualResetEventSlim();
        Assert.ThrowsAny<OperationCanceledException>(() => EngineRunner.Run<int, int>((progress, token) =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            for (int i = 0; !token.IsCancellationRequested && DateTime.UtcNow < deadline; i++)
            {
                progress.Report(i);
                Thread.Sleep(1);
            }
            if (token.IsCancellationRequested)
                engineSawCancel.Set();
            token.ThrowIfCancellationRequested();
            return 0;
        }, value =>
        {
            if (value == 5)
                stop.Cancel(); // what StopProcessing does, here from the pump for determinism
        }, stop.Token));
        Assert.True(engineSawCancel.Wait(TimeSpan.FromSeconds(10)), "the engine never saw the cancellation");
    }

    [Fact]
    public void A_failing_progress_handler_cancels_the_engine_and_waits_for_it()
    {
        bool engineFinished = false;
        var ex = Assert.Throws<InvalidOperationException>(() => EngineRunner.Run<int, int>((progress, token) =>
        {
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(20);
                for (int i = 0; !token.IsCancellationRequested && DateTime.UtcNow < deadline; i++)
                {
                    progress.Report(i);
                    Thread.Sleep(1);
                }
                token.ThrowIfCancellationRequested();
                return 0;
            }
            finally
            {
                engineFinished = true;
            }
        }, value =>
        {
            if (value == 3)
                throw new InvalidOperationException("pipeline stopped");
        }, CancellationToken.None));
        Assert.Equal("pipeline stopped", ex.Message);
        Assert.True(engineFinished);
    }
}
