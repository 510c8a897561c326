namespace LmmPS.Core.Fitting.Optimizers;

/// <summary>An <see cref="IGradientObjective"/> behind the budget, cancellation and progress bookkeeping of
/// <see cref="CountingObjective"/>: a value is one evaluation; gradients are counted apart and never touch the
/// budget. Remembers the gradient at the best point so the result can carry it and its projected norm.</summary>
internal sealed class CountingGradientObjective
{
    private readonly IGradientObjective objective;
    private readonly CancellationToken cancellationToken;

    /// <summary>The <see cref="CountingObjective.BestX"/> array that <see cref="bestGradient"/> belongs to (a new
    /// array replaces BestX whenever the best point changes, so a reference test tells whether it is stale).</summary>
    private double[]? bestGradientOwner;
    private double[]? bestGradient;

    public CountingGradientObjective(IGradientObjective objective, OptimizerOptions options, CancellationToken cancellationToken)
    {
        this.objective = objective;
        this.cancellationToken = cancellationToken;
        Counted = new CountingObjective(objective.Value, options, cancellationToken);
    }

    /// <summary>The function-value view, for the budget, the best point and <see cref="BoundSnap"/>.</summary>
    public CountingObjective Counted { get; }

    public int Evaluations => Counted.Evaluations;

    public int GradientEvaluations { get; private set; }

    public bool BudgetExhausted => Counted.BudgetExhausted;

    /// <summary>f(x), one evaluation; non-finite comes back as +inf (see <see cref="CountingObjective.Evaluate"/>).</summary>
    public double Evaluate(double[] x) => Counted.Evaluate(x);

    /// <summary>The gradient at x (normally the point just evaluated) into <paramref name="gradient"/>; false when
    /// an entry is not finite, which makes x as unusable for the search as a non-finite value.</summary>
    public bool TryGradient(double[] x, double[] gradient)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fresh = FunctionGradientObjective.NaNFilled(x.Length);
        objective.Gradient((double[])x.Clone(), fresh);
        GradientEvaluations++;
        Array.Copy(fresh, gradient, gradient.Length);
        if (!FunctionGradientObjective.AllUsable(fresh)) return false;
        if (Counted.BestX is { } best && FunctionGradientObjective.SamePoint(best, x))
        {
            bestGradientOwner = best;
            bestGradient = fresh;
        }

        return true;
    }

    /// <summary>Evaluates a point (e.g. x snapped onto a bound) and makes it the best one if it is not worse and its
    /// gradient is usable (the gradient is asked for only then).</summary>
    public void TryPoint(double[] x)
    {
        double value = Evaluate(x);
        if (double.IsPositiveInfinity(value) || value > Counted.BestValue) return;
        var gradient = new double[x.Length];
        if (!TryGradient(x, gradient)) return;
        var bestBefore = Counted.BestX;
        Counted.PreferIfNotWorse(x, value);
        if (!ReferenceEquals(bestBefore, Counted.BestX))
        {
            bestGradientOwner = Counted.BestX;
            bestGradient = gradient;
        }
    }

    /// <summary>Gradient at <see cref="CountingObjective.BestX"/>, asked for now if the search never needed it there
    /// (the best point was a rejected trial or an unkept probe); null when there is no finite point or the
    /// gradient there is not finite.</summary>
    public double[]? GradientAtBest()
    {
        if (Counted.BestX is not { } best) return null;
        if (ReferenceEquals(bestGradientOwner, best)) return bestGradient;
        var gradient = new double[best.Length];
        return TryGradient(best, gradient) ? gradient : null;
    }
}
