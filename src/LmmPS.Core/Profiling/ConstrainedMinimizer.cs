using LmmPS.Core.Optimizers;

namespace LmmPS.Core.Profiling;

/// <summary>Minimises a <see cref="ConstrainedProblem"/> at one held value with BOBYQA over the free variables that
/// are not pinned (BOBYQA rejects a variable whose bounds are equal, so pinned ones are left out of its vector).</summary>
internal static class ConstrainedMinimizer
{
    /// <summary>Final trust-region radius: the fit's own (LmmFitter stops BOBYQA at a 1e-6 step in theta).</summary>
    public const double StepTolerance = 1e-5;

    public const int MaxEvaluations = 2000;

    /// <summary>The best point found, with its state captured when it was evaluated (so no re-evaluation is needed);
    /// Deviance is +infinity and State null when no point could be evaluated.</summary>
    public static (double[] Free, double Deviance, ProfileState? State) Minimize(
        ConstrainedProblem problem, ProfileEvaluator evaluator, double value, double[] start, double initialStep,
        CancellationToken cancellationToken)
    {
        var lower = problem.Lower;
        var upper = problem.Upper;
        var full = (double[])start.Clone();
        for (int i = 0; i < full.Length; i++)
            full[i] = Math.Min(upper[i], Math.Max(lower[i], full[i]));
        problem.PinStart(value, full);
        var pinned = problem.Pinned(value);
        var moving = Enumerable.Range(0, full.Length).Where(i => pinned is null || !pinned[i]).ToArray();
        double best = double.PositiveInfinity;
        double[] bestFree = full;
        ProfileState? bestState = null;
        var point = (double[])full.Clone();
        double Objective(double[] x)
        {
            for (int i = 0; i < moving.Length; i++)
                point[moving[i]] = x[i];
            double d = problem.Deviance(evaluator, value, point);
            if (d < best)
            {
                best = d;
                bestFree = (double[])point.Clone();
                bestState = problem.State(evaluator, value, point);
            }
            return d;
        }

        if (moving.Length == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Objective(Array.Empty<double>());
            return (bestFree, best, bestState);
        }

        var x0 = moving.Select(i => full[i]).ToArray();
        var lo = moving.Select(i => lower[i]).ToArray();
        var hi = moving.Select(i => upper[i]).ToArray();
        double step = Math.Max(StepTolerance, initialStep);
        new BobyqaOptimizer().Minimize(Objective, x0, lo, hi,
            new OptimizerOptions { InitialStep = step, StepTolerance = StepTolerance, MaxEvaluations = MaxEvaluations }, cancellationToken);
        return (bestFree, best, bestState);
    }
}
