using System.Management.Automation;
using static LmmPS.Conversion.PropertyReader;

namespace LmmPS.Conversion;

/// <summary>
/// What the fit's default view prints, read from the fit's public properties only: from a live
/// <see cref="LmmFit"/>, or from a fit that went through Export-Clixml/Import-Clixml or Receive-Job (a property bag
/// typed Deserialized.LmmPS.LmmFit), so both print the same summary.
/// </summary>
internal sealed class FitSummaryData
{
    public string Method { get; set; } = "REML";
    public string Formula { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;

    /// <summary>The prior-weights column (lme4's "Weights:" line); null without weights.</summary>
    public string? Weights { get; set; }
    public string? Prior { get; set; }
    public string? PriorObjective { get; set; }
    public double? PriorPenalty { get; set; }
    public double? PenalizedObjective { get; set; }
    public double Objective { get; set; }
    public double AIC { get; set; }
    public double BIC { get; set; }
    public double LogLik { get; set; }
    public int DegreesOfFreedom { get; set; }
    public int Observations { get; set; }
    public string Groups { get; set; } = string.Empty;
    public LmmVarianceComponent[] VarianceComponents { get; set; } = Array.Empty<LmmVarianceComponent>();
    public LmmFixedEffect[] FixedEffects { get; set; } = Array.Empty<LmmFixedEffect>();
    public bool Converged { get; set; }
    public int Evaluations { get; set; }
    public string Optimizer { get; set; } = string.Empty;
    public string ConvergenceMessage { get; set; } = string.Empty;
    public string[] Warnings { get; set; } = Array.Empty<string>();

    /// <summary>None (lme4's table), Satterthwaite or KenwardRoger (lmerTest's table with df and p-values).</summary>
    public string DegreesOfFreedomMethod { get; set; } = "None";

    /// <summary>Quantiles of the scaled residuals ("Scaled residuals:"); null when the input does not carry them.</summary>
    public double[]? ScaledResidualQuantiles { get; set; }

    /// <summary>Rows of the fixed effects' correlation matrix ("Correlation of Fixed Effects:"); empty when absent.</summary>
    public double[][] FixedEffectsCorrelation { get; set; } = Array.Empty<double[]>();

    public static FitSummaryData From(LmmFit fit) => new()
    {
        Method = fit.Method,
        Formula = fit.Formula,
        Source = fit.Source,
        Weights = fit.Weights,
        Prior = fit.Prior,
        PriorObjective = fit.PriorObjective,
        PriorPenalty = fit.PriorPenalty,
        PenalizedObjective = fit.PenalizedObjective,
        Objective = fit.Objective,
        AIC = fit.AIC,
        BIC = fit.BIC,
        LogLik = fit.LogLik,
        DegreesOfFreedom = fit.DegreesOfFreedom,
        Observations = fit.Observations,
        Groups = fit.Groups,
        VarianceComponents = fit.VarianceComponents,
        FixedEffects = fit.FixedEffects,
        Converged = fit.Converged,
        Evaluations = fit.Evaluations,
        Optimizer = fit.Optimizer,
        ConvergenceMessage = fit.ConvergenceMessage,
        Warnings = fit.Warnings,
        DegreesOfFreedomMethod = fit.DegreesOfFreedomMethod,
        ScaledResidualQuantiles = fit.ScaledResidualQuantiles,
        FixedEffectsCorrelation = fit.FixedEffectsCorrelation,
    };

    /// <summary>From any object with the fit's property names (a deserialized fit). Missing properties read as empty.</summary>
    public static FitSummaryData From(PSObject fit) => new()
    {
        Method = Text(fit, "Method") ?? "REML",
        Formula = Text(fit, "Formula") ?? string.Empty,
        Source = Text(fit, "Source") ?? string.Empty,
        Weights = Text(fit, "Weights") is { Length: > 0 } weights ? weights : null,
        Prior = Text(fit, "Prior"),
        PriorObjective = Text(fit, "PriorObjective"),
        PriorPenalty = NullableNumber(fit, "PriorPenalty"),
        PenalizedObjective = NullableNumber(fit, "PenalizedObjective"),
        Objective = Number(fit, "Objective"),
        AIC = Number(fit, "AIC"),
        BIC = Number(fit, "BIC"),
        LogLik = Number(fit, "LogLik"),
        DegreesOfFreedom = (int)Number(fit, "DegreesOfFreedom"),
        Observations = (int)Number(fit, "Observations"),
        Groups = Text(fit, "Groups") ?? string.Empty,
        VarianceComponents = Items(fit, "VarianceComponents").Select(row => new LmmVarianceComponent(
            Text(row, "Group") ?? string.Empty, Text(row, "Name") ?? string.Empty, Number(row, "Variance"), Number(row, "StdDev"),
            Text(row, "Correlation") ?? string.Empty)).ToArray(),
        FixedEffects = Items(fit, "FixedEffects").Select(row => new LmmFixedEffect(
            Text(row, "Name") ?? string.Empty, Number(row, "Estimate"), Number(row, "StdError"), Number(row, "TValue"),
            NullableNumber(row, "DF"), NullableNumber(row, "PValue"))).ToArray(),
        Converged = Value(fit, "Converged") is bool converged && converged,
        Evaluations = (int)Number(fit, "Evaluations"),
        Optimizer = Text(fit, "Optimizer") ?? string.Empty,
        ConvergenceMessage = Text(fit, "ConvergenceMessage") ?? string.Empty,
        Warnings = Texts(fit, "Warnings"),
        DegreesOfFreedomMethod = Text(fit, "DegreesOfFreedomMethod") ?? "None",
        ScaledResidualQuantiles = Numbers(fit, "ScaledResidualQuantiles") is { Length: 5 } q ? q : null,
        FixedEffectsCorrelation = Items(fit, "FixedEffectsCorrelation").Select(Elements).ToArray(),
    };
}
