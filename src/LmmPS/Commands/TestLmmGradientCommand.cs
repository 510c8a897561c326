using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Gradients;
using LmmPS.Core.Priors;

namespace LmmPS.Commands;

/// <summary>
/// Test-LmmGradient: compares the analytic gradient of the profiled objective with finite differences (central, or
/// one-sided next to a bound), one row per theta element (or a single bool with -Quiet), at a fit's optimum for its
/// method or at any theta of a design. Under a fixed-effect prior (a prior fit's own, or -FixedEffectPriorSD /
/// -FixedEffectPriorCovariance with -Design -Theta) the objective is the prior's F(theta), and on the absolute scale two
/// more rows check d f / d sigma and d2 f / d sigma2 at (theta, sigma*).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LmmGradient", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmGradientRow), typeof(bool))]
public sealed class TestLmmGradientCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";
    internal const string PointSet = "Point";

    /// <summary>Check the gradient at this fit's optimum.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public PSObject? Fit { get; set; }

    /// <summary>The design to check (a fit's Design property binds too).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PointSet)]
    public LmmDesign? Design { get; set; }

    /// <summary>The point, in the design's ThetaNames order.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PointSet)]
    [ValidateNotNullOrEmpty]
    public double[] Theta { get; set; } = Array.Empty<double>();

    /// <summary>Criterion to differentiate.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PointSet)]
    public LmmMethod Method { get; set; } = LmmMethod.REML;

    /// <summary>Differentiate the objective of this prior (Invoke-LmmFit's -FixedEffectPriorSD).</summary>
    [Parameter(ParameterSetName = PointSet)]
    [ValidateNotNullOrEmpty]
    public double[]? FixedEffectPriorSD { get; set; }

    /// <summary>Differentiate the objective of this prior (Invoke-LmmFit's -FixedEffectPriorCovariance).</summary>
    [Parameter(ParameterSetName = PointSet)]
    [ValidateNotNull]
    [MatrixArgumentTransformation]
    public double[,]? FixedEffectPriorCovariance { get; set; }

    /// <summary>Relative (default) or Absolute, as Invoke-LmmFit's -PriorScale.</summary>
    [Parameter(ParameterSetName = PointSet)]
    [ValidateSet("Relative", "Absolute")]
    public string? PriorScale { get; set; }

    /// <summary>PosteriorMode or IntegratedLikelihood, as Invoke-LmmFit's -PriorObjective (default follows -Method).</summary>
    [Parameter(ParameterSetName = PointSet)]
    [ValidateSet("PosteriorMode", "IntegratedLikelihood")]
    public string? PriorObjective { get; set; }

    /// <summary>Relative finite-difference step: h = Step * max(1, |theta_i|).</summary>
    [Parameter]
    public double Step { get; set; } = 1e-5;

    /// <summary>Largest relative error |analytic - fd| / max(1, |fd|) that passes.</summary>
    [Parameter]
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>Output only whether every parameter passed.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        // Bad -Step or -Tolerance stop the command before any fit or design is checked.
        Guard(() =>
        {
            CheckPositive(Step, "-Step");
            CheckPositive(Tolerance, "-Tolerance");
        }, null);
    }

    /// <summary>Each fit or design is one item: one that fails writes a non-terminating error and the next is checked.</summary>
    protected override void ProcessRecord()
    {
        bool atPoint = ParameterSetName == PointSet;
        var fit = atPoint ? null : ResolveFit(Fit!);
        if (!atPoint && fit is null)
            return;
        var design = atPoint ? Design! : fit!.Design;
        IReadOnlyList<double> theta = atPoint ? Theta : fit!.Theta;
        if (!TryGuard(() =>
        {
            ThetaValidator.Check(design.Engine, theta, "-Theta");
            var method = atPoint ? ToEngine(Method) : fit!.GetFitResult().Method;
            // A prior fit is checked under its own prior (its Method is the criterion matching the prior's objective).
            var prior = atPoint
                ? PriorOptionsFactory.Build(FixedEffectPriorSD, FixedEffectPriorCovariance, PriorScale, PriorObjective)
                : fit!.GetFitResult().Prior?.Prior;
            var checks = prior is null
                ? GradientCheck.CheckGradient(design.Engine, theta, method, Step)
                : PriorGradientCheck.Check(design.Engine, theta, prior, method, Step);
            return checks.Select(check => LmmGradientRow.From(check, Tolerance)).ToArray();
        }, design, out var rows))
            return;
        if (Quiet)
            WriteObject(rows.All(r => r.Passed));
        else
            foreach (var row in rows)
                WriteObject(row);
    }

    private static void CheckPositive(double value, string parameter)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new LmmException("InvalidArgumentValue", LmmErrorCategory.InvalidArgument,
                $"{parameter} is {value.ToString(CultureInfo.InvariantCulture)}; give a finite number greater than 0.");
        }
    }
}
