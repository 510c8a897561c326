using System.Globalization;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Fitting;

namespace LmmPS;

/// <summary>
/// A fitted linear mixed model as PowerShell users meet it: scalar fit criteria plus flat row arrays
/// (<see cref="FixedEffects"/>, <see cref="VarianceComponents"/>, <see cref="RandomEffects"/>) that work with
/// Where-Object, Sort-Object, Export-Csv and ConvertTo-Json. The engine's <see cref="FitResult"/> stays inside
/// (internal, so formatting and JSON do not walk its matrices); <see cref="GetFitResult"/> hands it out.
/// Array and object properties are [Hidden]: <c>$fits | Export-Csv</c> then writes one flat row per fit (formula,
/// source, method, criteria, sigma, convergence) instead of "System.Double[]" cells, while <c>$fit.FixedEffects</c>,
/// Export-Clixml and ConvertTo-Json still carry them (<c>Get-Member -Force</c> lists them).
/// </summary>
public sealed class LmmFit
{
    internal LmmFit(FitResult result, LmmDesign design)
        : this(result, design, LmmDegreesOfFreedom.None, null, null)
    {
    }

    /// <param name="result">The engine's fit.</param>
    /// <param name="design">The design fitted.</param>
    /// <param name="dfMethod">How <paramref name="tests"/> were computed.</param>
    /// <param name="tests">The coefficient t tests with df and p-values; null for lme4's table.</param>
    /// <param name="testNote">Why no tests were computed when they were asked for; shown as a warning.</param>
    internal LmmFit(FitResult result, LmmDesign design, LmmDegreesOfFreedom dfMethod, IReadOnlyList<Core.Inference.CoefficientTest>? tests, string? testNote)
    {
        Result = result;
        Design = design;
        _scaledResidualQuantiles = new Lazy<double[]?>(() => ComputeScaledResidualQuantiles(result), LazyThreadSafetyMode.ExecutionAndPublication);
        Theta = result.Theta.ToArray();
        ThetaNames = result.ThetaNames.ToArray();
        DegreesOfFreedomMethod = tests is null ? LmmDegreesOfFreedom.None.ToString() : dfMethod.ToString();
        FixedEffects = FixedEffectTestFactory.Rows(result, tests, design.Formula, design.Source);
        VarianceComponents = FitResultConverter.VarianceComponents(result, design.Formula, design.Source);
        RandomEffects = FitResultConverter.RandomEffects(result, design.Formula, design.Source);
        Groups = string.Join("; ", design.Engine.RandomTerms
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => $"{g.Key}, {g.First().LevelCount.ToString(CultureInfo.InvariantCulture)}"));
        Warnings = testNote is null ? result.Warnings.ToArray() : result.Warnings.Append(testNote).ToArray();
        SingularTerms = result.SingularTerms.ToArray();
        Gradient = result.Gradient.ToArray();
        FixedEffectsCovariance = Rows(result.FixedEffectsCovariance);
        FixedEffectsCorrelation = Rows(Core.Diagnostics.FixedEffectsCorrelation.FromCovariance(result.FixedEffectsCovariance));
        DesignSchema = result.Design.Schema is { } schema ? Core.Design.DesignSchemaText.Write(schema) : null;
    }

    internal FitResult Result { get; }

    public string Formula => Design.Formula;

    /// <summary>Where the data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source => Design.Source;

    /// <summary>The prior-weights column (-Weights, lme4's weights =): Var(e_i) = sigma^2 / w_i; null without weights.</summary>
    public string? Weights => Design.Weights;

    /// <summary><c>REML</c> or <c>ML</c>.</summary>
    public string Method => Result.Method.ToString();

    public bool Converged => Result.Converged;

    /// <summary>The criterion minimised: the REML criterion or the ML deviance (-2 LogLik), lme4's "objective".</summary>
    public double Objective => Result.Objective;

    public double LogLik => Result.LogLikelihood;

    public double AIC => Result.AIC;

    public double BIC => Result.BIC;

    /// <summary>Parameters counted by AIC and BIC: fixed effects + theta + sigma.</summary>
    public int DegreesOfFreedom => Result.DegreesOfFreedom;

    public int Observations => Design.Observations;

    /// <summary>Levels per grouping factor, as lme4's "Number of obs: ..., groups:" line: <c>Subject, 18</c>, several
    /// separated by "; ".</summary>
    public string Groups { get; }

    /// <summary>Residual standard deviation.</summary>
    public double Sigma => Result.Sigma;

    /// <summary>Relative covariance parameters in lme4's order (names in <see cref="ThetaNames"/>).</summary>
    [Hidden]
    public double[] Theta { get; }

    [Hidden]
    public string[] ThetaNames { get; }

    [Hidden]
    public LmmFixedEffect[] FixedEffects { get; }

    /// <summary>How the FixedEffects' DF and PValue were found: Satterthwaite, KenwardRoger, or None (no df).</summary>
    public string DegreesOfFreedomMethod { get; }

    [Hidden]
    public LmmVarianceComponent[] VarianceComponents { get; }

    [Hidden]
    public LmmRandomEffect[] RandomEffects { get; }

    /// <summary>d Objective / d theta at the optimum (analytic), in <see cref="ThetaNames"/> order; with a prior, of the
    /// objective minimised (PenalizedObjective).</summary>
    [Hidden]
    public double[] Gradient { get; }

    /// <summary>Largest |derivative| at the optimum, ignoring a theta held at its lower bound by a positive derivative:
    /// near 0 at a true optimum (exact, unlike lme4's finite-difference max|grad|). Null when the gradient could not
    /// be computed (a model too large for its extra memory), so ConvertTo-Json never meets a NaN.</summary>
    public double? ProjectedGradientNorm => double.IsNaN(Result.ProjectedGradientNorm) ? null : Result.ProjectedGradientNorm;

    /// <summary>Objective evaluations the optimizer used.</summary>
    public int Evaluations => Result.Evaluations;

    /// <summary>Gradients computed: those the optimizer asked for (none at line-search trials rejected on their value)
    /// plus the one at the optimum when the optimizer did not have it (BOBYQA).</summary>
    public int GradientEvaluations => Result.GradientEvaluations;

    /// <summary>Wall time of the fit in seconds (a number, so ConvertTo-Json and Export-Csv keep it as one value).</summary>
    public double ElapsedSeconds => Result.Elapsed.TotalSeconds;

    public string Optimizer => Result.OptimizerName;

    public string ConvergenceMessage => Result.ConvergenceMessage;

    [Hidden]
    public string[] Warnings { get; }

    /// <summary>True when a variance is 0 or a correlation is +-1 at the optimum (lme4's isSingular).</summary>
    public bool Singular => Result.IsSingular;

    [Hidden]
    public string[] SingularTerms { get; }

    /// <summary>The fixed-effect prior, e.g. <c>normal(sd = c(10, 2.5), Relative)</c>; null for none.</summary>
    public string? Prior => Result.Prior?.Prior.ToString();

    /// <summary>PosteriorMode or IntegratedLikelihood: what the prior fit minimised; null without a prior.</summary>
    public string? PriorObjective => Result.Prior?.Objective.ToString();

    /// <summary>-2 log of the prior density at beta-hat (blme's "Prior dev"); Objective, LogLik, AIC and BIC exclude it, as blme reports them.</summary>
    public double? PriorPenalty => Result.Prior?.Penalty;

    /// <summary>Objective + PriorPenalty: the value the optimizer minimised; null without a prior.</summary>
    public double? PenalizedObjective => Result.Prior?.PenalizedObjective;

    /// <summary>Newton steps for sigma at the optimum (absolute-scale prior; 0 on the relative scale); null without a prior.</summary>
    public int? SigmaIterations => Result.Prior?.SigmaIterations;

    /// <summary>lme4's vcov(): sigma^2 (L_X L_X')^-1, p rows of p values in the order of <see cref="FixedEffects"/>
    /// (<c>$fit.FixedEffectsCovariance[0][1]</c>; rows of arrays so ConvertTo-Json and Export-Clixml keep them).</summary>
    [Hidden]
    public double[][] FixedEffectsCovariance { get; }

    /// <summary>The correlation of the fixed-effect estimates, V_ij / sqrt(V_ii V_jj) (summary()'s "Correlation of Fixed
    /// Effects"), laid out as <see cref="FixedEffectsCovariance"/>.</summary>
    [Hidden]
    public double[][] FixedEffectsCorrelation { get; }

    /// <summary>Min, 1Q, Median, 3Q and Max of the scaled residuals (summary()'s "Scaled residuals:" block), kept as
    /// numbers so a fit read back by Import-Clixml prints the same block. Computed once, when first read (a view or
    /// Export-Clixml), by whichever thread reads it first while the others wait; null if they cannot be computed,
    /// and the summary then leaves the block out rather than failing to format the fit.</summary>
    [Hidden]
    public double[]? ScaledResidualQuantiles => _scaledResidualQuantiles.Value;

    private readonly Lazy<double[]?> _scaledResidualQuantiles;

    private static double[]? ComputeScaledResidualQuantiles(FitResult result)
    {
        try
        {
            return Core.Diagnostics.ResidualQuantiles.Quantiles(Core.Diagnostics.Residuals.Compute(result).Scaled);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A formatting view must not throw: a fit whose residuals cannot be recomputed prints without the block.
            return null;
        }
    }

    /// <summary>What the fit learnt from its data (factor levels, contrasts, kept columns, term order) as text, so
    /// a fit written with Export-Clixml and read back can still predict new rows (Get-LmmPrediction); null for a
    /// design assembled by hand.</summary>
    [Hidden]
    public string? DesignSchema { get; }

    /// <summary>The design that was fitted: pipe the fit to Invoke-LmmFit -Method ML to refit it.</summary>
    [Hidden]
    public LmmDesign Design { get; }

    private static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    /// <summary>The engine's result, for scripts that go beyond the cmdlets.</summary>
    public FitResult GetFitResult() => Result;

    /// <summary>The lme4-style summary the default view shows.</summary>
    public string Summary() => FitSummaryWriter.Write(this);

    public override string ToString() =>
        $"{Formula} ({Method}, {(Method == "REML" ? "REML criterion" : "deviance")} {Objective.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)})";
}
