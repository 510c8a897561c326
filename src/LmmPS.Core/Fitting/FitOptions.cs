using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>How to fit a model. Defaults match lme4's: REML, theta started at 1 on the template diagonals and 0 elsewhere.</summary>
public sealed class FitOptions
{
    public EstimationMethod Method { get; init; } = EstimationMethod.REML;

    /// <summary>Starting theta; null for lme4's default.</summary>
    public double[]? StartTheta { get; init; }

    public int MaxEvaluations { get; init; } = 10_000;

    /// <summary>A derivative-free optimizer to use; null to use <see cref="OptimizerKind"/>.</summary>
    public IBoundedOptimizer? Optimizer { get; init; }

    /// <summary>The optimizer when <see cref="Optimizer"/> is null. L-BFGS-B on the analytic gradient, its model built
    /// on the average-information Hessian approximation, by default: on every lme4 reference case it reaches the same
    /// optimum (to 1e-10 relative) in 2-15 times fewer evaluations than BOBYQA (README, "Optimizers").</summary>
    public OptimizerKind OptimizerKind { get; init; } = OptimizerKind.LBfgsB;

    /// <summary>A normal prior on the fixed effects (blme's <c>fixef.prior = normal(...)</c>); null for none. With a prior,
    /// its objective decides what is minimised: if it names none, ML uses the posterior mode and REML the integrated
    /// likelihood, as blme does.</summary>
    public FixedEffectPrior? FixedEffectPrior { get; init; }

    /// <summary>Threads and block width of the dense kernels for the model <see cref="LmmFitter"/> builds from a design
    /// (null: all cores, the default block); a model given to the fitter keeps its own.</summary>
    public KernelOptions? Kernels { get; init; }
}
