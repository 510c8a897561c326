namespace LmmPS.Core.Fitting.Optimizers;

/// <summary>The objective-and-gradient function behind the budget, cancellation and progress bookkeeping of
/// <see cref="CountingObjective"/> (one call = one evaluation), remembering the gradient at the best point so the
/// result can report the projected gradient where it stopped.</summary>
internal sealed class CountingGradientObjective
{
    private readonly Func<double[], double[], double> objectiveAndGradient;
    private readonly double[] lastGradient;

    public CountingGradientObjective(
        Func<double[], double[], double> objectiveAndGradient, int dimension, OptimizerOptions options,
        CancellationToken cancellationToken)
    {
        this.objectiveAndGradient = objectiveAndGradient;
        lastGradient = new double[dimension];
        Counted = new CountingObjective(CallAndKeepGradient, options, cancellationToken);
    }

    /// <summary>The function-value view, for the budget, the best point and <see cref="BoundSnap"/>.</summary>
    public CountingObjective Counted { get; }

    public int Evaluations => Counted.Evaluations;

    public bool BudgetExhausted => Counted.BudgetExhausted;

    /// <summary>Gradient at <see cref="CountingObjective.BestX"/>; null while no finite point has been seen.</summary>
    public double[]? BestGradient { get; private set; }

    /// <summary>f(x) with the gradient written to <paramref name="gradient"/>. A point whose value or gradient is
    /// not finite comes back as +inf (a failed step), like <see cref="CountingObjective.Evaluate"/>.</summary>
    public double Evaluate(double[] x, double[] gradient)
    {
        var bestBefore = Counted.BestX;
        double value = Counted.Evaluate(x);
        Array.Copy(lastGradient, gradient, gradient.Length);
        // CountingObjective stores a new copy whenever a point becomes the best.
        if (!ReferenceEquals(bestBefore, Counted.BestX))
        {
            BestGradient = (double[])lastGradient.Clone();
        }

        return value;
    }

    /// <summary>Evaluates a point (e.g. x snapped onto a bound) and makes it the best one if it is not worse.</summary>
    public void TryPoint(double[] x)
    {
        var gradient = new double[x.Length];
        double value = Evaluate(x, gradient);
        var bestBefore = Counted.BestX;
        Counted.PreferIfNotWorse(x, value);
        if (!ReferenceEquals(bestBefore, Counted.BestX)) BestGradient = gradient;
    }

    private double CallAndKeepGradient(double[] x)
    {
        // A fresh NaN-filled array: a function that forgets to fill an entry yields an unusable point, not a
        // stale gradient from the previous call.
        var gradient = new double[x.Length];
        for (int i = 0; i < gradient.Length; i++) gradient[i] = double.NaN;
        double value = objectiveAndGradient(x, gradient);
        bool usable = CountingObjective.IsUsable(value);
        for (int i = 0; i < gradient.Length && usable; i++) usable = CountingObjective.IsUsable(gradient[i]);
        Array.Copy(gradient, lastGradient, gradient.Length);
        return usable ? value : double.PositiveInfinity;
    }
}
