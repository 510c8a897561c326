using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;

namespace LmmPS.Commands;

/// <summary>
/// What every LmmPS cmdlet shares: engine errors become terminating errors whose ErrorId is the engine's id,
/// StopProcessing cancels the engine, and long engine runs report progress from the pipeline thread.
/// </summary>
public abstract class LmmCmdletBase : PSCmdlet, IDisposable
{
    private const int ProgressActivityId = 4207;
    private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(0.2);

    private readonly CancellationTokenSource _stop = new();

    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <paramref name="action"/>; an engine failure ends the command with an ErrorRecord pointing at
    /// <paramref name="target"/> (or the file or column the exception names).</summary>
    protected T Guard<T>(Func<T> action, object? target)
    {
        ErrorRecord record;
        try
        {
            return action();
        }
        catch (LmmException ex)
        {
            record = new ErrorRecord(ex, ex.ErrorId, ErrorCategoryMap.ToErrorCategory(ex.Category), ErrorCategoryMap.TargetOf(ex, target));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (NotImplementedException ex)
        {
            // A stub of the engine that has not been written yet: say so rather than failing obscurely.
            var wrapped = new NotImplementedException($"This part of the LmmPS engine is not implemented yet: {ex.Message}", ex);
            record = new ErrorRecord(wrapped, "NotImplemented", ErrorCategory.NotImplemented, target);
        }
        catch (Exception ex) when (ex is not RuntimeException)
        {
            // Anything else is a bug in LmmPS, not in the user's input; keep the original exception for the report.
            var wrapped = new InvalidOperationException($"LmmPS failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Please report this with the command and data.", ex);
            record = new ErrorRecord(wrapped, "UnexpectedEngineError", ErrorCategory.NotSpecified, target);
        }
        ThrowTerminatingError(record);
        throw new PipelineStoppedException(); // not reached: ThrowTerminatingError always throws
    }

    protected void Guard(Action action, object? target) => Guard<bool>(() => { action(); return true; }, target);

    /// <summary>Runs an engine job on a worker thread, writing its progress as verbose messages and, once it has run
    /// for half a second, as a progress bar that is completed at the end.</summary>
    protected TResult RunWithProgress<TResult>(string activity, Func<IProgress<FitProgress>, CancellationToken, TResult> work)
    {
        var clock = Stopwatch.StartNew();
        var lastShown = TimeSpan.Zero;
        bool shown = false;
        try
        {
            return EngineRunner.Run<FitProgress, TResult>(work, report =>
            {
                WriteVerbose(DescribeProgress(report));
                var now = clock.Elapsed;
                if (now < ProgressDelay || (shown && now - lastShown < ProgressInterval))
                    return;
                shown = true;
                lastShown = now;
                WriteProgress(new ProgressRecord(ProgressActivityId, activity, StatusOf(report)) { PercentComplete = -1 });
            }, _stop.Token);
        }
        finally
        {
            if (shown && !_stop.IsCancellationRequested)
                WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    internal static string DescribeProgress(FitProgress report)
    {
        var theta = string.Join(", ", report.Theta.Select(t => t.ToString("G6", CultureInfo.InvariantCulture)));
        return string.Format(CultureInfo.InvariantCulture, "Evaluation {0}: objective {1:F6} (best {2:F6}) at theta [{3}]",
            report.Evaluation, report.Objective, report.BestObjective, theta);
    }

    private static string StatusOf(FitProgress report) =>
        string.Format(CultureInfo.InvariantCulture, "Evaluation {0}, best objective {1:F4}", report.Evaluation, report.BestObjective);

    internal static EstimationMethod ToEngine(LmmMethod method) => method == LmmMethod.ML ? EstimationMethod.ML : EstimationMethod.REML;
}
