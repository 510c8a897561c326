using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;

namespace LmmPS.Commands;

/// <summary>Invoke-LmmFit: fits a linear mixed model by REML or ML, from a design (pipeline) or straight from a
/// formula and data, so <c>Import-Csv sleep.csv | Invoke-LmmFit 'Reaction ~ Days + (Days|Subject)'</c> works.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "LmmFit", DefaultParameterSetName = DesignSet)]
[OutputType(typeof(LmmFit))]
public sealed class InvokeLmmFitCommand : LmmDataCmdletBase
{
    internal const string DesignSet = "Design";

    /// <summary>A design from New-LmmDesign, or a fit (its design) to refit with other options; a deserialized design
    /// or fit (Import-Clixml, Receive-Job) has its data file read again.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DesignSet)]
    public PSObject? Design { get; set; }

    /// <summary>REML (default, as lme4) or ML.</summary>
    [Parameter]
    public LmmMethod Method { get; set; } = LmmMethod.REML;

    /// <summary>Starting theta in the design's ThetaNames order; default lme4's (1 on diagonals, 0 elsewhere).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? StartTheta { get; set; }

    /// <summary>Most objective evaluations the optimizer may use.</summary>
    [Parameter]
    [Alias("MaxFun")]
    [ValidateRange(1, int.MaxValue)]
    public int MaxEvaluations { get; set; } = 10_000;

    /// <summary>LBfgsB (default: projected quasi-Newton on the analytic gradient and the average-information Hessian) or Bobyqa (derivative-free, as lme4).</summary>
    [Parameter]
    public LmmOptimizer Optimizer { get; set; } = LmmOptimizer.LBfgsB;

    /// <summary>Normal prior on the fixed effects by SDs (blme's normal(sd = ...)); fewer than p: the last repeats.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? FixedEffectPriorSD { get; set; }

    /// <summary>Normal prior on the fixed effects by a full p x p covariance (blme's normal(cov = ...)).</summary>
    [Parameter]
    [ValidateNotNull]
    [MatrixArgumentTransformation]
    public double[,]? FixedEffectPriorCovariance { get; set; }

    /// <summary>Relative (default, blme's common.scale = TRUE: covariance times sigma^2) or Absolute.</summary>
    [Parameter]
    [ValidateSet("Relative", "Absolute")]
    public string? PriorScale { get; set; }

    /// <summary>PosteriorMode or IntegratedLikelihood; default follows -Method (ML: posterior mode, REML: integrated).</summary>
    [Parameter]
    [ValidateSet("PosteriorMode", "IntegratedLikelihood")]
    public string? PriorObjective { get; set; }

    /// <summary>Denominator df of the coefficient t tests: Satterthwaite (default, as lmerTest), KenwardRoger (REML
    /// fits only) or None (lme4's table without df and p-values).</summary>
    [Parameter]
    public LmmDegreesOfFreedom DegreesOfFreedom { get; set; } = LmmDegreesOfFreedom.Satterthwaite;

    protected override void BeginProcessing()
    {
        if (DegreesOfFreedom == LmmDegreesOfFreedom.KenwardRoger && Method == LmmMethod.ML)
            Guard(() => throw new LmmException("KenwardRogerNeedsREML", LmmErrorCategory.InvalidArgument,
                "Kenward-Roger's method is only available for REML fits (as in lmerTest): drop -Method ML, or use -DegreesOfFreedom Satterthwaite."), null);
        // A contradictory prior fails before any data is read.
        Guard(() => PriorOptionsFactory.Build(FixedEffectPriorSD, FixedEffectPriorCovariance, PriorScale, PriorObjective), null);
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DesignSet)
        {
            if (Design is not null && ResolveDesign(Design) is { } design)
                OnDesign(design);
            return;
        }
        base.ProcessRecord();
    }

    /// <summary>Fits one design. A design that cannot be fitted (a -StartTheta of the wrong length for it, a failed
    /// fit) writes a non-terminating error, so the other files or designs of the batch are still fitted.</summary>
    protected override void OnDesign(LmmDesign design)
    {
        var start = StartTheta;
        if (start is not null && !TryGuard(() => { ThetaValidator.Check(design.Engine, start, "-StartTheta"); return true; }, design, out _))
            return;
        var options = new FitOptions
        {
            Method = ToEngine(Method),
            StartTheta = start,
            MaxEvaluations = MaxEvaluations,
            OptimizerKind = Optimizer == LmmOptimizer.LBfgsB ? OptimizerKind.LBfgsB : OptimizerKind.Bobyqa,
            FixedEffectPrior = PriorOptionsFactory.Build(FixedEffectPriorSD, FixedEffectPriorCovariance, PriorScale, PriorObjective),
        };
        // The fit's model is kept only until its df are computed: Satterthwaite reads its factor instead of forming it again.
        if (!TryGuard(() => RunWithProgress($"Fitting {design.Formula}", (progress, token) => LmmFitter.FitKeepingModel(design.Engine, options, progress, token)), design, out var fitted)
            || !TryGuard(() => RunWithProgress("Degrees of freedom of the fixed effects",
                (_, token) => FixedEffectTestFactory.Coefficients(fitted.Fit, DegreesOfFreedom, MyInvocation.BoundParameters.ContainsKey(nameof(DegreesOfFreedom)), fitted.Model, token)), design, out var tests)
            || !TryGuard(() => new LmmFit(fitted.Fit, design, DegreesOfFreedom, tests.Tests, tests.Note), design, out var fit))
            return;
        // The engine's warnings already name each cause once (singular fit, no convergence, dropped rows or columns).
        foreach (var warning in fit.Warnings)
            WriteWarning($"{design.Formula} ({design.Source}): {warning}");
        WriteObject(fit);
    }
}
