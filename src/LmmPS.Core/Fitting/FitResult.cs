using LmmPS.Core.Design;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>An immutable fitted linear mixed model: estimates, fit criteria and how the optimizer got there.</summary>
public sealed class FitResult
{
    public required ModelDesign Design { get; init; }

    public required EstimationMethod Method { get; init; }

    /// <summary>The kind of trailing factor the fit ran on (bench and tests; not part of the reported result).</summary>
    internal LinearAlgebra.TrailingFactorKind TrailingFactor { get; init; }

    /// <summary>The criterion minimised: the ML deviance or the REML criterion (-2 log-likelihood, lme4's "objective").</summary>
    public required double Objective { get; init; }

    public double LogLikelihood => -Objective / 2;

    /// <summary>Number of estimated parameters: fixed effects + theta + sigma (lme4's logLik df).</summary>
    public int DegreesOfFreedom => Design.FixedEffectCount + Design.ThetaCount + 1;

    public double AIC => Objective + 2.0 * DegreesOfFreedom;

    public double BIC => Objective + Math.Log(Design.RowCount) * DegreesOfFreedom;

    public required double Sigma { get; init; }

    public required IReadOnlyList<double> Theta { get; init; }

    public IReadOnlyList<string> ThetaNames => Design.ThetaNames;

    public required IReadOnlyList<FixedEffectEstimate> FixedEffects { get; init; }

    /// <summary>p x p covariance matrix of the fixed-effect estimates (lme4's vcov()).</summary>
    public required double[,] FixedEffectsCovariance { get; init; }

    /// <summary>One entry per random-effects term, then the residual.</summary>
    public required IReadOnlyList<VarianceComponent> VarianceComponents { get; init; }

    /// <summary>One table per random-effects term, in the design's term order.</summary>
    public required IReadOnlyList<RandomEffectsTable> RandomEffects { get; init; }

    /// <summary>The penalized residual sum of squares at the optimum.</summary>
    public required double PenalizedRss { get; init; }

    /// <summary>log det(L_Z)^2 at the optimum (lme4's ldL2).</summary>
    public required double LogDetLZSquared { get; init; }

    /// <summary>log det(L_X)^2 at the optimum (lme4's ldRX2).</summary>
    public required double LogDetLXSquared { get; init; }

    /// <summary>d Objective / d theta at the optimum (analytic, in ThetaNames order; under a prior, of the objective
    /// minimised, <see cref="PriorFitInfo.PenalizedObjective"/>); empty if it could not be computed
    /// (a model too large for the gradient's extra memory: see <see cref="Warnings"/>).</summary>
    public IReadOnlyList<double> Gradient { get; init; } = Array.Empty<double>();

    /// <summary>max |d Objective / d theta_i| at the optimum, counting as 0 a component whose theta is at its lower bound
    /// with a positive derivative (the bound, not the objective, stops the optimizer there). Exact, so a small value is
    /// real convergence, not a finite-difference artefact. NaN when <see cref="Gradient"/> is empty.</summary>
    public double ProjectedGradientNorm { get; init; } = double.NaN;

    /// <summary>Objective values the optimizer used (each one factorization of the model).</summary>
    public required int Evaluations { get; init; }

    /// <summary>Gradients computed: those the optimizer asked for (L-BFGS-B skips them at line-search trials it
    /// rejects on their value) plus the one at the optimum when the optimizer did not have it (always so for BOBYQA).</summary>
    public int GradientEvaluations { get; init; }

    public required bool Converged { get; init; }

    public required string ConvergenceMessage { get; init; }

    public required string OptimizerName { get; init; }

    /// <summary>True when a template is singular at the optimum (a variance at 0 or a correlation at +-1).</summary>
    public required bool IsSingular { get; init; }

    /// <summary>The groups whose templates are singular at the optimum.</summary>
    public required IReadOnlyList<string> SingularTerms { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The fixed-effect prior and what it contributed; null for a fit without one. With a prior, Objective
    /// (and LogLikelihood, AIC, BIC) exclude the prior's penalty as blme reports them, and Method is ML for the
    /// posterior-mode objective and REML for the integrated likelihood.</summary>
    public PriorFitInfo? Prior { get; init; }
}
