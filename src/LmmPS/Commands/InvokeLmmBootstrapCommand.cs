using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Inference;

namespace LmmPS.Commands;

/// <summary>
/// Invoke-LmmBootstrap: a parametric bootstrap of a fit (lme4's bootMer(type = "parametric", use.u = FALSE)): simulate
/// responses from the fitted model, refit each from the estimate on the same model, and return the replicate table
/// with percentile and shortest intervals. Replicates run on -ThrottleLimit threads; the same -Seed gives the same
/// replicates whatever the thread count; Ctrl+C stops within a refit.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "LmmBootstrap", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmBootstrap))]
public sealed class InvokeLmmBootstrapCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";
    private const int ProgressActivityId = 4209;

    /// <summary>The fit to bootstrap.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public LmmFit? Fit { get; set; }

    /// <summary>Number of replicates.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Replicates { get; set; } = 1000;

    /// <summary>Seed of the random numbers; default: drawn at random and recorded in the result.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Most threads refitting at once (default: the number of processors).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    protected override void ProcessRecord()
    {
        if (Fit is null)
            return;
        var fit = Fit;
        int seed = Seed ?? new Random().Next();
        int replicates = Replicates, threads = ThrottleLimit;
        var clock = Stopwatch.StartNew();
        if (!TryGuard(() => EngineRunner.Run<int, BootstrapResult>(
                (progress, token) => ParametricBootstrap.Run(fit.Result, replicates, seed, threads, progress, token),
                done => ShowProgress(done, replicates, clock), StopToken), fit, out var result))
            return;
        WriteProgress(new ProgressRecord(ProgressActivityId, "Parametric bootstrap", "Done") { RecordType = ProgressRecordType.Completed });
        WriteObject(BootstrapConverter.Convert(fit, result, threads));
    }

    private TimeSpan _lastShown;

    private void ShowProgress(int done, int total, Stopwatch clock)
    {
        if (clock.Elapsed - _lastShown < TimeSpan.FromSeconds(0.2) && done < total)
            return;
        _lastShown = clock.Elapsed;
        WriteProgress(new ProgressRecord(ProgressActivityId, "Parametric bootstrap",
            string.Format(CultureInfo.InvariantCulture, "{0} of {1} replicates", done, total)) { PercentComplete = (int)(100L * done / total) });
    }
}
