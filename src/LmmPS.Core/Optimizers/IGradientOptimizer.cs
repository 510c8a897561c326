namespace LmmPS.Core.Optimizers;

/// <summary>Minimises a function of a few variables within lower and upper bounds (either may be infinite) using
/// its gradient.</summary>
public interface IGradientOptimizer
{
    /// <summary>Short name for results and tables, e.g. <c>LBFGSB</c>.</summary>
    string Name { get; }

    /// <summary>Minimises from <paramref name="start"/> (within the bounds), asking <paramref name="objective"/> for
    /// the value at each point and for the gradient only where it uses one. Every value counts as one evaluation in
    /// the result; gradients are counted in <see cref="OptimizerResult.GradientEvaluations"/>. Throws
    /// <see cref="OperationCanceledException"/> when cancelled (checked before each value and gradient).</summary>
    OptimizerResult Minimize(
        IGradientObjective objective,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>As the <see cref="IGradientObjective"/> overload, for a function that gives both at once:
    /// <paramref name="objectiveAndGradient"/> receives x and an array of the same length to fill with the
    /// gradient, and returns f(x); a non-finite value or gradient marks x as unusable. Every call the optimizer
    /// makes for a value counts as one evaluation.</summary>
    OptimizerResult Minimize(
        Func<double[], double[], double> objectiveAndGradient,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default);
}
