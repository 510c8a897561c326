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
    /// <paramref name="target"/> (or the file or column the exception names). For bad parameters and for the one item
    /// a command works on; a failing item of a batch goes through <see cref="TryGuard{T}"/> instead.</summary>
    protected T Guard<T>(Func<T> action, object? target)
    {
        ErrorRecord record;
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not RuntimeException)
        {
            record = RecordFor(ex, target);
        }
        ThrowTerminatingError(record);
        throw new PipelineStoppedException(); // not reached: ThrowTerminatingError always throws
    }

    /// <summary>Runs one item of a batch (a file, a design, a fit): on failure writes a non-terminating error (so
    /// -ErrorAction and -ErrorVariable apply) and returns false, and the command goes on with the next item.</summary>
    protected bool TryGuard<T>(Func<T> action, object? target, out T result)
    {
        try
        {
            result = action();
            return true;
        }
        catch (Exception ex) when (ex is not RuntimeException)
        {
            WriteError(RecordFor(ex, target));
            result = default!;
            return false;
        }
    }

    /// <summary>-Path patterns (wildcards) or -LiteralPath names to file-system paths through the provider
    /// (<see cref="FileResolver"/>); a path that matches nothing is a non-terminating error and the others are kept.</summary>
    protected List<string> ResolveFilePaths(IEnumerable<string> paths, bool literal)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (literal)
            {
                if (TryGuard(() => FileResolver.ResolveLiteral(SessionState, path), path, out var file))
                    files.Add(file);
            }
            else if (TryGuard(() => FileResolver.ResolvePattern(SessionState, path), path, out var resolved))
                files.AddRange(resolved);
        }
        return files;
    }

    /// <summary>The ErrorRecord for an engine failure, with the ErrorId as the engine names it and, where there is
    /// advice, ErrorDetails.RecommendedAction. A cancellation by StopProcessing becomes PipelineStoppedException.</summary>
    private ErrorRecord RecordFor(Exception ex, object? target)
    {
        switch (ex)
        {
            case LmmException lmm:
                return ErrorAdvice.Attach(new ErrorRecord(lmm, lmm.ErrorId, ErrorCategoryMap.ToErrorCategory(lmm.Category), ErrorCategoryMap.TargetOf(lmm, target)));
            case OperationCanceledException when _stop.IsCancellationRequested:
                throw new PipelineStoppedException();
            case NotImplementedException:
                // A stub of the engine that has not been written yet: say so rather than failing obscurely.
                var stub = new NotImplementedException($"This part of the LmmPS engine is not implemented yet: {ex.Message}", ex);
                return new ErrorRecord(stub, "NotImplemented", ErrorCategory.NotImplemented, target);
            default:
                // Anything else is a bug in LmmPS, not in the user's input; keep the original exception for the report.
                var wrapped = new InvalidOperationException($"LmmPS failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Please report this with the command and data.", ex);
                return ErrorAdvice.Attach(new ErrorRecord(wrapped, "UnexpectedEngineError", ErrorCategory.NotSpecified, target));
        }
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
