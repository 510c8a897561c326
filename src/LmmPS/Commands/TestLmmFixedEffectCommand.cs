using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Inference;

namespace LmmPS.Commands;

/// <summary>
/// Test-LmmFixedEffect: F and t tests of a fit's fixed effects with Satterthwaite or Kenward-Roger denominator df,
/// as lmerTest does: without -Contrast the Type III table (anova(fit)), one LmmFTest per model term; with -Contrast
/// one LmmContrastTest per row (contest(joint = FALSE)), or with -Joint one LmmFTest for all rows together.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LmmFixedEffect", DefaultParameterSetName = FitSet)]
[OutputType(typeof(LmmFTest), typeof(LmmContrastTest))]
public sealed class TestLmmFixedEffectCommand : LmmCmdletBase
{
    internal const string FitSet = "Fit";

    /// <summary>The fit whose fixed effects are tested.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FitSet)]
    public LmmFit? Fit { get; set; }

    /// <summary>Contrasts over the fixed effects: a double[,] with one row per contrast, an array of rows, or one row.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Contrast { get; set; }

    /// <summary>Test the rows of -Contrast together (one F test) instead of one t test per row.</summary>
    [Parameter]
    public SwitchParameter Joint { get; set; }

    /// <summary>Satterthwaite (default) or KenwardRoger (REML fits only).</summary>
    [Parameter]
    [ValidateSet(nameof(LmmDegreesOfFreedom.Satterthwaite), nameof(LmmDegreesOfFreedom.KenwardRoger))]
    public string Method { get; set; } = nameof(LmmDegreesOfFreedom.Satterthwaite);

    private double[,]? _contrast;

    /// <summary>Bad parameters end the command before any fit is tested.</summary>
    protected override void BeginProcessing()
    {
        if (Joint && Contrast is null)
            Guard(() => throw new LmmException("JointWithoutContrast", LmmErrorCategory.InvalidArgument,
                "-Joint tests the rows of -Contrast together; give -Contrast too (without it the Type III table is returned)."), null);
        if (Contrast is not null)
            _contrast = Guard(() => FixedEffectTestFactory.ContrastMatrix(Contrast), Contrast);
    }

    /// <summary>Tests one fit; a fit that cannot be tested (a prior, a contrast of the wrong length for it) writes a
    /// non-terminating error so the other fits of the pipeline are still tested.</summary>
    protected override void ProcessRecord()
    {
        if (Fit is null)
            return;
        var fit = Fit;
        var method = (LmmDegreesOfFreedom)Enum.Parse(typeof(LmmDegreesOfFreedom), Method);
        var contrast = _contrast;
        if (!TryGuard(() => RunWithProgress($"Tests of fixed effects ({Method})",
                (_, token) => FixedEffectInference.For(fit.Result, FixedEffectTestFactory.ToEngine(method), token)), fit, out var inference))
            return;
        if (contrast is null)
        {
            if (TryGuard(() => inference.TypeThree(), fit, out var rows))
                foreach (var row in rows)
                    WriteObject(FixedEffectTestFactory.Row(row, method));
            return;
        }
        if (Joint)
        {
            if (TryGuard(() => inference.Joint(contrast, "Contrast"), fit, out var joint))
                WriteObject(FixedEffectTestFactory.Row(joint, method));
            return;
        }
        for (int r = 0; r < contrast.GetLength(0); r++)
        {
            var row = new double[contrast.GetLength(1)];
            for (int c = 0; c < row.Length; c++) row[c] = contrast[r, c];
            if (!TryGuard(() => inference.Contrast(row), fit, out var test))
                return;
            WriteObject(FixedEffectTestFactory.Row(r + 1, test, method));
        }
    }
}
