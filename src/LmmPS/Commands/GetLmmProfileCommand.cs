using System.Management.Automation;
using LmmPS.Conversion;

namespace LmmPS.Commands;

/// <summary>
/// Get-LmmProfile: with -Fit, likelihood profiles and profile confidence intervals (the profiling engine is issue
/// #6: until it lands this stops with a NotImplemented error after checking its arguments); with -Design and
/// -Theta, the profiled objective at that point (lme4's devfun: logLik, deviance, sigma, beta).
/// </summary>
[Cmdlet(VerbsCommon.Get, "LmmProfile", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmProfile), ParameterSetName = new[] { FitSet })]
[OutputType(typeof(LmmObjectivePoint), ParameterSetName = new[] { PointSet })]
public sealed class GetLmmProfileCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";
    internal const string PointSet = "Point";

    /// <summary>The fit to profile.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public LmmFit? Fit { get; set; }

    /// <summary>Parameters to profile, named as lme4's confint (oldNames = FALSE): sd_(Intercept)|Subject,
    /// cor_Days.(Intercept)|Subject, sigma, (Intercept), ... Default: all.</summary>
    [Parameter(ParameterSetName = FitSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Parameter { get; set; }

    /// <summary>Confidence level of the intervals.</summary>
    [Parameter(ParameterSetName = FitSet)]
    public double Level { get; set; } = 0.95;

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

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PointSet)
        {
            var design = Design!;
            WriteObject(Guard(() => ObjectivePointFactory.Evaluate(design, Theta, ToEngine(Method)), design));
            return;
        }

        var fit = Fit!;
        Guard(() =>
        {
            ProfileParameterNames.CheckLevel(Level);
            if (Parameter is not null)
                ProfileParameterNames.CheckSelection(fit.Design.Engine, Parameter);
            throw PendingFeature.Profile();
        }, fit);
    }
}
