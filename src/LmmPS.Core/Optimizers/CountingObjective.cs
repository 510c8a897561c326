namespace LmmPS.Core.Optimizers;

/// <summary>Wraps the user's objective with the bookkeeping every optimizer needs: the evaluation budget,
/// cancellation before each call, the progress callback, and the best point seen so far (so that an optimizer
/// stopped by the budget can still return the best point it found).</summary>
internal sealed class CountingObjective
{
    private readonly Func<double[], double> objective;
    private readonly OptimizerOptions options;
    private readonly CancellationToken cancellationToken;

    public CountingObjective(Func<double[], double> objective, OptimizerOptions options, CancellationToken cancellationToken)
    {
        this.objective = objective;
        this.options = options;
        this.cancellationToken = cancellationToken;
    }

    public int Evaluations { get; private set; }

    public bool BudgetExhausted => Evaluations >= options.MaxEvaluations;

    /// <summary>Best finite point seen, or null while none has been.</summary>
    public double[]? BestX { get; private set; }

    public double BestValue { get; private set; } = double.PositiveInfinity;

    /// <summary>Evaluates the objective at a copy of <paramref name="x"/>. Non-finite values (NaN, +inf and also
    /// -inf, which the deviance only returns when a computation broke down) come back as +inf so that every
    /// comparison ranks them worse than any finite value.</summary>
    public double Evaluate(double[] x)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (BudgetExhausted)
        {
            // The optimizers check the budget before calling; reaching this is a bug in an optimizer.
            throw new InvalidOperationException("The evaluation budget was already used up.");
        }

        // The objective gets its own copy so that it cannot alter the optimizer's points.
        var point = (double[])x.Clone();
        double raw = objective(point);
        Evaluations++;
        double value = IsUsable(raw) ? raw : double.PositiveInfinity;
        if (value < BestValue)
        {
            BestValue = value;
            BestX = (double[])x.Clone();
        }

        options.OnEvaluation?.Invoke(Evaluations, (double[])x.Clone(), raw);
        return value;
    }

    /// <summary>Makes an evaluated point the best one if its value ties with the best (a strictly better one
    /// already is).</summary>
    public void PreferIfNotWorse(double[] x, double value)
    {
        if (IsUsable(value) && value <= BestValue)
        {
            BestValue = value;
            BestX = (double[])x.Clone();
        }
    }

    /// <summary>Replaces the best point (null: none); for an optimizer that learns after the fact that a point is
    /// unusable (<see cref="CountingGradientObjective"/>: its gradient is not finite).</summary>
    public void SetBest(double[]? x, double value)
    {
        BestX = x is null ? null : (double[])x.Clone();
        BestValue = x is null ? double.PositiveInfinity : value;
    }

    public static bool IsUsable(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    /// <summary>The result for the best point seen; <paramref name="fallbackX"/> when no finite value was found.</summary>
    public OptimizerResult Result(double[] fallbackX, bool converged, string message) =>
        new OptimizerResult(
            (double[])(BestX ?? fallbackX).Clone(), BestValue, Evaluations, converged, message);

    public OptimizerResult BudgetResult(double[] fallbackX) =>
        Result(fallbackX, false,
            $"Stopped after MaxEvaluations = {options.MaxEvaluations} objective evaluations before converging; " +
            "the result is the best point found so far.");
}
