namespace LmmPS.Core.Optimizers;

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

    /// <summary>How far inside a bound a variable is probed, relative to max(1, |x|): large enough that a
    /// quadratic rise or fall (the deviance near theta = 0 goes as theta^2) shows above rounding.</summary>
    private const double ProbeStep = 1e-3;

    /// <summary>A probe must beat f by more than this relative amount to count as lower.</summary>
    private const double RoundingAllowance = 1e-13;

    /// <summary>(s, y) pairs the Hessian approximation needs before a negligible promised decrease ends the run:
    /// with fewer it is close to a scaled identity, whose step length says little about the distance to the
    /// minimum.</summary>
    private const int MinimumPairsForNegligible = 2;

    /// <summary>Restarts from a probe; each one lowers f, so this only guards against cycling on noise.</summary>
    private const int MaxRestarts = 10;

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
        double f = objective.Evaluate(x);
        if (double.IsPositiveInfinity(f) || !objective.TryGradient(x, g))
            return Finish(false, "The objective or its gradient was not finite at the start point, so there is no direction to search.");

        int restarts = 0;
        while (true)
        {
            var (stop, converged, message) = Iterate(ref x, ref f, ref g);
            if (stop == Stop.Budget) return Budget();
            if (restarts == MaxRestarts) return Finish(converged, message);
            var probe = LowerPointInsideBounds(x, f);
            if (probe.Stop == Stop.Budget) return Budget();
            if (probe.X is null) return Finish(converged, message);
            restarts++;
            hessian.Clear();
            (x, f, g) = (probe.X, probe.Value, probe.Gradient!);
        }
    }

    private enum Stop
    {
        Done,
        Budget,
    }

    /// <summary>Iterates from (x, f, g) until a stopping rule holds; returns whether that was convergence.</summary>
    private (Stop Stop, bool Converged, string Message) Iterate(ref double[] x, ref double f, ref double[] g)
    {
        int iterations = 0;
        bool ownCurvatureFailed = false;
        while (true)
        {
            double projected = BoxProjection.ProjectedGradientNorm(x, g, lower, upper);
            if (projected <= options.GradientTolerance)
                return (Stop.Done, true, $"Projected gradient {projected:G3} is within GradientTolerance {options.GradientTolerance:G3} after {iterations} iterations.");
            if (objective.BudgetExhausted) return (Stop.Budget, false, "");

            // The objective's own curvature where it has one (retried without it once if its step fails).
            var curvature = ownCurvatureFailed ? null : objective.Curvature(x, g);
            ownCurvatureFailed = false;
            var b = curvature ?? hessian.Dense();
            bool modelHasCurvature = curvature is not null || hessian.Count >= MinimumPairsForNegligible;
            var cauchy = CauchyPoint.Find(x, g, b, lower, upper);
            var d = SubspaceStep.Direction(x, g, b, cauchy, lower, upper);
            // Without curvature information the model's step length is meaningless; start the first search at
            // InitialStep in the variables' units, as the derivative-free methods do.
            double initial = curvature is null && hessian.Count == 0 ? Math.Min(1, options.InitialStep / InfinityNorm(d)) : 1;
            // Near the optimum the full quasi-Newton step may promise less than the relative tolerance; if f then
            // fails to drop, shrinking the step only probes rounding (InstEval ML spent 30 evaluations so), so a
            // model with curvature (the objective's, or from two steps) lets the search give up and the run stop
            // as converged.
            double slope = LimitedMemoryHessian.Dot(g, d);
            double negligible = modelHasCurvature ? options.RelativeFunctionTolerance * Math.Max(Math.Abs(f), 1) : 0;
            var outcome = slope < 0 ? lineSearch.Search(x, f, g, d, initial, negligible) : LineSearchOutcome.Failed;
            if (outcome == LineSearchOutcome.BudgetExhausted) return (Stop.Budget, false, "");
            if (outcome == LineSearchOutcome.Negligible)
                return (Stop.Done, true, $"The quasi-Newton step could lower f by at most {-initial * slope / Math.Max(Math.Abs(f), 1):G3} relative (within RelativeFunctionTolerance) and did not lower it, after {iterations} iterations.");
            if (outcome == LineSearchOutcome.Failed)
            {
                if (curvature is not null)
                {
                    ownCurvatureFailed = true;
                    continue;
                }

                // An outdated Hessian approximation can give a poor direction; retry once along steepest descent.
                if (hessian.Count > 0)
                {
                    hessian.Clear();
                    continue;
                }

                return (Stop.Done, false,
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
                return (Stop.Done, true, $"The relative decrease of one iteration ({decrease / size:G3}) is within RelativeFunctionTolerance after {iterations} iterations.");
        }
    }

    /// <summary>A first-order point can be a saddle when a variable sits on a bound where its derivative is 0:
    /// the LMM deviance is even in the last diagonal theta of each term (flipping the sign of that column of
    /// Lambda leaves Lambda Lambda' unchanged), so its derivative at 0 is exactly 0 whether or not the minimum is
    /// there, and a gradient method that lands on 0 would stay. So each variable on a bound is tried a small step
    /// inside (one evaluation each); the lowest such point, if lower than x by more than rounding, is returned
    /// to restart from. Only that point needs a gradient; one whose gradient is not finite gives way to the next
    /// lowest, as if its value had not been finite.</summary>
    private (Stop Stop, double[]? X, double Value, double[]? Gradient) LowerPointInsideBounds(double[] x, double f)
    {
        double threshold = f - RoundingAllowance * Math.Max(1, Math.Abs(f));
        var candidates = new List<(double[] X, double Value)>();
        for (int i = 0; i < x.Length; i++)
        {
            double step = ProbeStep * Math.Max(1, Math.Abs(x[i]));
            double inside;
            // At a bound, or within the distance Finish would snap it by (BoundSnap): a run can stall at theta_i = 1e-12
            // where the deviance is even in theta_i (gradient 0, falling as theta_i^2), and would report the bound.
            if (x[i] - lower[i] <= options.StepTolerance) inside = Math.Min(lower[i] + step, 0.5 * (lower[i] + upper[i]));
            else if (upper[i] - x[i] <= options.StepTolerance) inside = Math.Max(upper[i] - step, 0.5 * (upper[i] + lower[i]));
            else continue;
            if (objective.BudgetExhausted) return (Stop.Budget, null, 0, null);
            var probe = (double[])x.Clone();
            probe[i] = inside;
            double value = objective.Evaluate(probe);
            if (value < threshold) candidates.Add((probe, value));
        }

        while (candidates.Count > 0)
        {
            // The first of the lowest, as a strict comparison in probe order would keep.
            int best = 0;
            for (int k = 1; k < candidates.Count; k++)
                if (candidates[k].Value < candidates[best].Value) best = k;
            var (bestX, bestValue) = candidates[best];
            var gradient = new double[x.Length];
            if (objective.TryGradient(bestX, gradient)) return (Stop.Done, bestX, bestValue, gradient);
            candidates.RemoveAt(best);
        }

        return (Stop.Done, null, 0, null);
    }

    private OptimizerResult Finish(bool converged, string message)
    {
        objective.SettleBest();
        var counted = objective.Counted;
        if (counted.BestX is not null && !counted.BudgetExhausted &&
            BoundSnap.Snapped(counted.BestX, lower, upper, options.StepTolerance) is { } snapped)
        {
            objective.TryPoint(snapped);
        }

        return WithGradient(counted.Result(start, converged, message));
    }

    private OptimizerResult Budget()
    {
        objective.SettleBest();
        return WithGradient(objective.Counted.BudgetResult(start));
    }

    private OptimizerResult WithGradient(OptimizerResult result)
    {
        var gradient = objective.BestGradient;
        double norm = gradient is not null && objective.Counted.BestX is { } x
            ? BoxProjection.ProjectedGradientNorm(x, gradient, lower, upper)
            : double.NaN;
        return new OptimizerResult(result.X, result.Value, result.Evaluations, result.Converged, result.Message)
        {
            ProjectedGradientNorm = norm,
            GradientEvaluations = objective.GradientEvaluations,
            Gradient = gradient is null ? null : (double[])gradient.Clone(),
        };
    }

    private static double InfinityNorm(double[] v)
    {
        double norm = 0;
        foreach (double value in v) norm = Math.Max(norm, Math.Abs(value));
        return norm;
    }
}
