namespace LmmPS.Core.Fitting.Optimizers;

/// <summary>Minimises a function of a few variables within lower and upper bounds (either may be infinite) using
/// its gradient. The function and its gradient come from one call because the LMM objective shares most of the
/// work between them.</summary>
public interface IGradientOptimizer
{
    /// <summary>Short name for results and tables, e.g. <c>LBFGSB</c>.</summary>
    string Name { get; }

    /// <summary>Minimises from <paramref name="start"/> (within the bounds). <paramref name="objectiveAndGradient"/>
    /// receives x and an array of the same length to fill with the gradient, and returns f(x); a non-finite value
    /// or gradient marks x as unusable. Every call counts as one evaluation in the result. Throws
    /// <see cref="OperationCanceledException"/> when cancelled (checked before each evaluation).</summary>
    OptimizerResult Minimize(
        Func<double[], double[], double> objectiveAndGradient,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default);
}
