namespace LmmPS.Core.Optimizers;

/// <summary>A projected limited-memory BFGS method for bound constraints in the manner of L-BFGS-B (Byrd, Lu,
/// Nocedal and Zhu 1995; Morales and Nocedal 2011), written from the papers: each iteration finds the generalized
/// Cauchy point of the quadratic model along the projected steepest-descent path (which fixes the variables that
/// reach a bound), takes a Newton step of the model in the remaining variables, projects it into the box, and
/// searches along the direction to it with a line search that keeps every trial point feasible. It stops when
/// the projected gradient or the relative decrease of one iteration is small enough. When the objective supplies
/// its own Hessian approximation (<see cref="ICurvatureObjective"/>; the LMM fit does, see AverageInformation) the
/// quadratic model is built on it instead, which makes each iteration a projected Newton-like step; the (s, y)
/// pairs are still kept, for an iteration where that approximation is missing or its step fails.
/// Chosen over MathNet's BfgsBMinimizer, which throws on a non-finite value (the deviance is +inf where it cannot
/// be factored), has no evaluation budget, cancellation or progress hook, and took 88 evaluations on
/// Rosenbrock with x &lt;= 0.5 where this takes fewer (see the optimizer tests' output).</summary>
public sealed class LBfgsBOptimizer : IGradientOptimizer
{
    /// <summary>Number of (s, y) pairs kept for the Hessian approximation.</summary>
    public int Memory { get; init; } = 7;

    public string Name => "LBFGSB";

    public OptimizerResult Minimize(
        IGradientObjective objective,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default)
    {
        OptimizerArguments.Validate(objective, start, lower, upper, options);
        return Run(objective, start, lower, upper, options, cancellationToken);
    }

    public OptimizerResult Minimize(
        Func<double[], double[], double> objectiveAndGradient,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default)
    {
        OptimizerArguments.Validate(objectiveAndGradient, start, lower, upper, options);
        return Run(new FunctionGradientObjective(objectiveAndGradient), start, lower, upper, options, cancellationToken);
    }

    private OptimizerResult Run(IGradientObjective objective, double[] start, double[] lower, double[] upper,
        OptimizerOptions options, CancellationToken cancellationToken)
    {
        if (Memory < 1) throw new ArgumentException($"Memory is {Memory}; it must be at least 1.");
        var counted = new CountingGradientObjective(objective, options, cancellationToken);
        return new LBfgsBRun(counted, start, lower, upper, options, Memory).Execute();
    }
}
