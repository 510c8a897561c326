namespace LmmPS.Core.Optimizers;

/// <summary>What an optimizer found: the best point, its value, how many evaluations it took and why it stopped.</summary>
public sealed class OptimizerResult
{
    public OptimizerResult(double[] x, double value, int evaluations, bool converged, string message)
    {
        X = x;
        Value = value;
        Evaluations = evaluations;
        Converged = converged;
        Message = message;
    }

    public double[] X { get; }

    public double Value { get; }

    /// <summary>Objective values computed (what the budget counts).</summary>
    public int Evaluations { get; }

    /// <summary>False when the evaluation limit was hit or the method could not make progress.</summary>
    public bool Converged { get; }

    public string Message { get; }

    /// <summary>Largest absolute component of the projected gradient at <see cref="X"/> (the step
    /// P(x - g) - x, which is 0 for a variable on a bound whose gradient pushes it outward): 0 at an exact
    /// bound-constrained minimum. Reported by gradient-based optimizers; NaN for derivative-free ones.</summary>
    public double ProjectedGradientNorm { get; init; } = double.NaN;

    /// <summary>Gradients the optimizer asked the objective for; a gradient-based optimizer skips them at points
    /// it rejects on their value. 0 for derivative-free ones.</summary>
    public int GradientEvaluations { get; init; }

    /// <summary>The gradient at <see cref="X"/> when the optimizer has it (so the caller need not compute it
    /// again); null for derivative-free optimizers, and when no point had a finite value and gradient.</summary>
    public double[]? Gradient { get; init; }
}
