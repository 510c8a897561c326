namespace LmmPS.Core.Fitting.Optimizers;

/// <summary>One run of <see cref="LBfgsBOptimizer"/>: the iteration loop and its stopping rules.</summary>
internal sealed class LBfgsBRun
{
    private readonly CountingGradientObjective objective;
    private readonly double[] start;
    private readonly double[] lower;
    private readonly double[] upper;
    private readonly OptimizerOptions options;
    private readonly LimitedMemoryHessian hessian;
    private readonly ProjectedLineSearch lineSearch;

    public LBfgsBRun(CountingGradientObjective objective, double[] start, double[] lower, double[] upper,
        OptimizerOptions options, int memory)
    {
        this.objective = objective;
        this.start = start;
        this.lower = lower;
        this.upper = upper;
        this.options = options;
        hessian = new LimitedMemoryHessian(start.Length, memory);
        lineSearch = new ProjectedLineSearch(objective, lower, upper);
    }

    public OptimizerResult Execute()
    {
        var x = (double[])start.Clone();
        var g = new double[x.Length];
        double f = objective.Evaluate(x, g);
        if (double.IsPositiveInfinity(f))
            return Finish(false, "The objective or its gradient was not finite at the start point, so there is no direction to search.");

        int iterations = 0;
        while (true)
        {
            double projected = BoxProjection.ProjectedGradientNorm(x, g, lower, upper);
            if (projected <= options.GradientTolerance)
                return Finish(true, $"Projected gradient {projected:G3} is within GradientTolerance {options.GradientTolerance:G3} after {iterations} iterations.");
            if (objective.BudgetExhausted) return Budget();

            var b = hessian.Dense();
            var cauchy = CauchyPoint.Find(x, g, b, lower, upper);
            var d = SubspaceStep.Direction(x, g, b, cauchy, lower, upper);
            // Without curvature information the model's step length is meaningless; start the first search at
            // InitialStep in the variables' units, as the derivative-free methods do.
            double initial = hessian.Count == 0 ? Math.Min(1, options.InitialStep / InfinityNorm(d)) : 1;
            var outcome = LimitedMemoryHessian.Dot(g, d) < 0 ? lineSearch.Search(x, f, g, d, initial) : LineSearchOutcome.Failed;
            if (outcome == LineSearchOutcome.BudgetExhausted) return Budget();
            if (outcome == LineSearchOutcome.Failed)
            {
                // An outdated Hessian approximation can give a poor direction; retry once along steepest descent.
                if (hessian.Count > 0)
                {
                    hessian.Clear();
                    continue;
                }

                return Finish(false,
                    $"The line search found no lower point along the projected steepest-descent direction after {iterations} iterations " +
                    $"(projected gradient {projected:G3}); the gradient may be inaccurate at this precision.");
            }

            iterations++;
            var s = new double[x.Length];
            var y = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                s[i] = lineSearch.X[i] - x[i];
                y[i] = lineSearch.Gradient[i] - g[i];
            }

            hessian.TryAdd(s, y);
            double decrease = f - lineSearch.Value;
            double size = Math.Max(Math.Max(Math.Abs(f), Math.Abs(lineSearch.Value)), 1);
            x = lineSearch.X;
            f = lineSearch.Value;
            g = lineSearch.Gradient;
            if (decrease <= options.RelativeFunctionTolerance * size)
                return Finish(true, $"The relative decrease of one iteration ({decrease / size:G3}) is within RelativeFunctionTolerance after {iterations} iterations.");
        }
    }

    private OptimizerResult Finish(bool converged, string message)
    {
        var counted = objective.Counted;
        if (counted.BestX is not null && !counted.BudgetExhausted &&
            BoundSnap.Snapped(counted.BestX, lower, upper, options.StepTolerance) is { } snapped)
        {
            objective.TryPoint(snapped);
        }

        return WithGradientNorm(counted.Result(start, converged, message));
    }

    private OptimizerResult Budget() => WithGradientNorm(objective.Counted.BudgetResult(start));

    private OptimizerResult WithGradientNorm(OptimizerResult result)
    {
        double norm = objective.BestGradient is { } g && objective.Counted.BestX is { } x
            ? BoxProjection.ProjectedGradientNorm(x, g, lower, upper)
            : double.NaN;
        return new OptimizerResult(result.X, result.Value, result.Evaluations, result.Converged, result.Message)
        {
            ProjectedGradientNorm = norm,
        };
    }

    private static double InfinityNorm(double[] v)
    {
        double norm = 0;
        foreach (double value in v) norm = Math.Max(norm, Math.Abs(value));
        return norm;
    }
}
