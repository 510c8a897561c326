namespace LmmPS.Core.Optimizers;

/// <summary>Minimises a function of a few variables subject to lower and upper bounds (either may be infinite).</summary>
public interface IBoundedOptimizer
{
    /// <summary>Short name for results and tables, e.g. <c>BOBYQA</c>, <c>NelderMead</c>.</summary>
    string Name { get; }

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/> (which must lie within the bounds).
    /// Every evaluation is counted in the result. Throws <see cref="OperationCanceledException"/> when cancelled
    /// (checked before each evaluation).</summary>
    OptimizerResult Minimize(
        Func<double[], double> objective,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default);
}
