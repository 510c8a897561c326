using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Gradients;

namespace LmmPS.Commands;

/// <summary>
/// Test-LmmGradient: compares the analytic gradient of the profiled objective with finite differences (central, or
/// one-sided next to a bound), one row per theta element (or a single bool with -Quiet), at a fit's optimum for its
/// method or at any theta of a design.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LmmGradient", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmGradientRow), typeof(bool))]
public sealed class TestLmmGradientCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";
    internal const string PointSet = "Point";

    /// <summary>Check the gradient at this fit's optimum.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public LmmFit? Fit { get; set; }

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

    /// <summary>Relative finite-difference step: h = Step * max(1, |theta_i|).</summary>
    [Parameter]
    public double Step { get; set; } = 1e-5;

    /// <summary>Largest relative error |analytic - fd| / max(1, |fd|) that passes.</summary>
    [Parameter]
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>Output only whether every parameter passed.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        bool atPoint = ParameterSetName == PointSet;
        var design = atPoint ? Design! : Fit!.Design;
        IReadOnlyList<double> theta = atPoint ? Theta : Fit!.Theta;
        var rows = Guard(() =>
        {
            CheckPositive(Step, "-Step");
            CheckPositive(Tolerance, "-Tolerance");
            ThetaValidator.Check(design.Engine, theta, "-Theta");
            var method = atPoint ? ToEngine(Method) : Fit!.GetFitResult().Method;
            return GradientCheck.CheckGradient(design.Engine, theta, method, Step)
                .Select(check => LmmGradientRow.From(check, Tolerance)).ToArray();
        }, design);
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
