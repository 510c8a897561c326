using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Completion;
using LmmPS.Conversion;
using LmmPS.Core.Profiling;

namespace LmmPS.Commands;

/// <summary>
/// Get-LmmProfile: with -Fit, likelihood profiles and profile confidence intervals (lme4's profile() and
/// confint(method = "profile"), with Wald intervals for the fixed effects); with -Design and -Theta, the profiled
/// objective at that point (lme4's devfun: logLik, deviance, sigma, beta).
/// </summary>
[Cmdlet(VerbsCommon.Get, "LmmProfile", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmProfile), ParameterSetName = new[] { FitSet })]
[OutputType(typeof(LmmProfileInterval), ParameterSetName = new[] { FitSet })]
[OutputType(typeof(LmmObjectivePoint), ParameterSetName = new[] { PointSet })]
public sealed class GetLmmProfileCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";
    internal const string PointSet = "Point";
    private const int ProgressActivityId = 4208;

    /// <summary>The fit to profile: from Invoke-LmmFit, or deserialized (Import-Clixml, Receive-Job) and then rebuilt
    /// by refitting its data file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public PSObject? Fit { get; set; }

    /// <summary>Parameters to profile, named as lme4's confint (oldNames = FALSE): sd_(Intercept)|Subject,
    /// cor_Days.(Intercept)|Subject, sigma, (Intercept), ... Default: all.</summary>
    [Parameter(ParameterSetName = FitSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileParameterCompleter))]
    public string[]? Parameter { get; set; }

    /// <summary>Confidence level of the intervals.</summary>
    [Parameter(ParameterSetName = FitSet)]
    public double Level { get; set; } = 0.95;

    /// <summary>Each trace walks out until |zeta| passes this (default: a 99% interval's 2.576).</summary>
    [Parameter(ParameterSetName = FitSet)]
    public double Threshold { get; set; } = ProfileOptions.DefaultThreshold;

    /// <summary>Write the interval rows only, instead of one LmmProfile with intervals and points.</summary>
    [Parameter(ParameterSetName = FitSet)]
    public SwitchParameter IntervalOnly { get; set; }

    /// <summary>The design to evaluate (a fit's Design property binds too).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PointSet)]
    public LmmDesign? Design { get; set; }

    /// <summary>The point, in the design's ThetaNames order.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PointSet)]
    [ValidateNotNullOrEmpty]
    public double[] Theta { get; set; } = Array.Empty<double>();

    /// <summary>Criterion to evaluate (a fit's Method property binds too).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PointSet)]
    public LmmMethod Method { get; set; } = LmmMethod.REML;

    protected override void BeginProcessing()
    {
        // A bad -Level is a bad parameter: it stops the command before any fit is profiled.
        if (ParameterSetName == FitSet)
            Guard(() => ProfileParameterNames.CheckLevel(Level), Level);
    }

    /// <summary>Each fit or design is one item: one that fails writes a non-terminating error and the next is processed.</summary>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == PointSet)
        {
            var design = Design!;
            if (TryGuard(() => ObjectivePointFactory.Evaluate(design, Theta, ToEngine(Method)), design, out var point))
                WriteObject(point);
            return;
        }

        var fit = ResolveFit(Fit!);
        if (fit is null)
            return;
        if (!TryGuard(() =>
            {
                if (Parameter is not null)
                    ProfileParameterNames.CheckSelection(fit.Design.Engine, Parameter);
                return Run(fit, new ProfileOptions { Level = Level, Threshold = Threshold, Parameters = Parameter });
            }, fit, out var result))
            return;
        foreach (var note in result.Notes)
            WriteVerbose(note);
        var profile = LmmProfile.From(result, fit.Formula, fit.Source);
        foreach (var interval in profile.Intervals.Where(i => i.Note.Length > 0))
            WriteWarning($"{interval.Parameter}: {interval.Note}");
        if (IntervalOnly)
            WriteObject(profile.Intervals, enumerateCollection: true);
        else
            WriteObject(profile);
    }

    /// <summary>Profiles on a worker thread; points arrive as verbose messages and, after half a second, as a
    /// progress bar counting finished traces (EngineRunner pumps them on the pipeline thread).</summary>
    private ProfileResult Run(LmmFit fit, ProfileOptions options)
    {
        var clock = Stopwatch.StartNew();
        string activity = $"Profiling {fit.Formula}";
        bool shown = false;
        var lastShown = TimeSpan.Zero;
        try
        {
            return EngineRunner.Run<ProfileProgress, ProfileResult>(
                (progress, token) => LmmProfiler.Profile(fit.Result, options, progress, token),
                report =>
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} = {1:G6}: zeta {2:F4}", report.Parameter, report.Value, report.Zeta));
                    var now = clock.Elapsed;
                    if (now < TimeSpan.FromSeconds(0.5) || (shown && now - lastShown < TimeSpan.FromSeconds(0.2)))
                        return;
                    shown = true;
                    lastShown = now;
                    string status = string.Format(CultureInfo.InvariantCulture, "{0} of {1} traces done, {2} points", report.TracesDone, report.TraceCount, report.PointsDone);
                    WriteProgress(new ProgressRecord(ProgressActivityId, activity, status)
                    {
                        PercentComplete = Math.Min(100, 100 * report.TracesDone / Math.Max(1, report.TraceCount)),
                    });
                },
                StopToken);
        }
        finally
        {
            if (shown && !StopToken.IsCancellationRequested)
                WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
