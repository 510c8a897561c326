using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;

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
            case OutOfMemoryException:
                // The engine refuses models it can estimate as too large (ModelTooLarge) before allocating; an allocation
                // it did not foresee still says what happened and what to do, not "unexpected".
                var memory = new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                    $"LmmPS ran out of memory ({ex.Message}). The model or data are too large for the memory available: " +
                    "use fewer levels or columns, or a machine with more memory.", ex);
                return ErrorAdvice.Attach(new ErrorRecord(memory, memory.ErrorId, ErrorCategory.ResourceUnavailable, target));
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

    /// <summary>A -Fit argument as a live fit: itself, or a deserialized fit (Import-Clixml, Receive-Job) rebuilt by
    /// refitting its recorded data file and checked against its recorded objective. On failure writes a
    /// non-terminating error (DeserializedFit, or why the input is no fit) and returns null.</summary>
    protected LmmFit? ResolveFit(PSObject input)
    {
        if (input.BaseObject is LmmFit live)
            return live;
        if (!DeserializedInput.IsFit(input))
        {
            TryGuard<bool>(() => throw NotA("fit", "Invoke-LmmFit", input), input, out _);
            return null;
        }
        if (!TryGuard(() => (Design: DeserializedInput.Design(input), Options: DeserializedInput.Options(input)), input, out var recipe))
            return null;
        WriteVerbose($"Rebuilding a deserialized fit of {recipe.Design.Formula} by refitting {recipe.Design.Source}.");
        if (!TryGuard(() => RunWithProgress($"Refitting {recipe.Design.Formula}", (progress, token) => LmmFitter.Fit(recipe.Design.Engine, recipe.Options, progress, token)), input, out var result))
            return null;
        return TryGuard(() =>
        {
            var fit = new LmmFit(result, recipe.Design);
            DeserializedInput.CheckSameFit(input, fit);
            return fit;
        }, input, out var rebuilt) ? rebuilt : null;
    }

    /// <summary>A -Design argument as a live design: itself, a fit's design, or a deserialized design or fit whose data
    /// file is read again. On failure writes a non-terminating error and returns null.</summary>
    protected LmmDesign? ResolveDesign(PSObject input)
    {
        switch (input.BaseObject)
        {
            case LmmDesign design:
                return design;
            case LmmFit fit:
                return fit.Design;
        }
        if (DeserializedInput.IsDesign(input) || DeserializedInput.IsFit(input))
            return TryGuard(() => DeserializedInput.Design(input), input, out var rebuilt) ? rebuilt : null;
        TryGuard<bool>(() => throw NotA("design", "New-LmmDesign", input), input, out _);
        return null;
    }

    private static LmmException NotA(string what, string maker, PSObject input) =>
        new("InvalidPipelineInput", LmmErrorCategory.InvalidArgument,
            $"'{input}' ({input.BaseObject?.GetType().Name}) is not an LmmPS {what}; give one from {maker}.");

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
