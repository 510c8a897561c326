namespace LmmPS.Core.Optimizers;

/// <summary>The Nelder-Mead simplex method with bounds: every trial point is clamped into the box (so a variable
/// whose optimum is on a bound lands exactly on it), with the dimension-adapted coefficients of Gao and Han (2012),
/// and restarted from the best point with a fresh simplex until a restart no longer improves, because a plain
/// simplex can collapse (notably onto a face of the box) short of the minimum.</summary>
public sealed class NelderMeadOptimizer : IBoundedOptimizer
{
    private const int MaxRestarts = 10;

    public string Name => "NelderMead";

    public OptimizerResult Minimize(
        Func<double[], double> objective,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default)
    {
        OptimizerArguments.Validate(objective, start, lower, upper, options);
        var counted = new CountingObjective(objective, options, cancellationToken);
        var simplex = new BoundedSimplex(counted, lower, upper, options);

        double size = options.InitialStep;
        var from = (double[])start.Clone();
        for (int run = 0; run <= MaxRestarts; run++)
        {
            double before = counted.BestValue;
            if (!simplex.Run(from, size)) return counted.BudgetResult(start);
            if (counted.BestX is null)
            {
                return counted.Result(start, false, "The objective was not finite at any point the simplex tried.");
            }

            double after = counted.BestValue;
            bool improved = run == 0 || after < before - options.RelativeFunctionTolerance * Math.Abs(before);
            if (!improved)
            {
                BoundSnap.Apply(counted, lower, upper, options.StepTolerance);
                return counted.Result(start, true,
                    $"Converged: the simplex shrank below StepTolerance = {options.StepTolerance:G3} (or went flat in value) and a restart did not improve.");
            }

            from = (double[])counted.BestX.Clone();
            // The restart only has to escape a collapsed simplex, so a smaller one suffices.
            size = Math.Max(0.1 * options.InitialStep, 10 * options.StepTolerance);
        }

        BoundSnap.Apply(counted, lower, upper, options.StepTolerance);
        return counted.Result(start, true,
            $"Converged: the simplex shrank below StepTolerance = {options.StepTolerance:G3}; the improvement limit of {MaxRestarts} restarts was reached.");
    }
}
