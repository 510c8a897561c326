namespace LmmPS.Core.Optimizers;

/// <summary>Stopping rules and step sizes for an <see cref="IBoundedOptimizer"/>.</summary>
public sealed class OptimizerOptions
{
    /// <summary>Hard limit on objective evaluations.</summary>
    public int MaxEvaluations { get; init; } = 10_000;

    /// <summary>Initial step (trust-region radius or simplex size) in the variables' units.</summary>
    public double InitialStep { get; init; } = 0.2;

    /// <summary>Stop when steps fall below this (absolute, in the variables' units).</summary>
    public double StepTolerance { get; init; } = 1e-8;

    /// <summary>Stop when the relative decrease in the objective over an iteration falls below this. Used by
    /// NelderMead (flat simplex, and whether a restart improved) and by L-BFGS-B (the decrease of one iteration,
    /// relative to max(|f|, 1)); BOBYQA, like Powell's, stops on the step size only.</summary>
    public double RelativeFunctionTolerance { get; init; } = 1e-14;

    /// <summary>Gradient-based optimizers stop when the largest absolute component of the projected gradient
    /// (see <see cref="OptimizerResult.ProjectedGradientNorm"/>) falls to this, in the objective's units per unit
    /// of the variables. Ignored by derivative-free optimizers.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>Called after every evaluation with (evaluation number from 1, a copy of x, f(x) as returned, which
    /// may be NaN or infinite); for progress reporting.</summary>
    public Action<int, double[], double>? OnEvaluation { get; init; }
}
