namespace LmmPS.Core.Optimizers;

/// <summary>An <see cref="IGradientObjective"/> behind the budget, cancellation and progress bookkeeping of
/// <see cref="CountingObjective"/>: a value is one evaluation; gradients are counted apart and never touch the
/// budget. A point whose gradient is not finite is as unusable as one whose value is not; since gradients are
/// asked for only where the search needs them, the best point is settled at the end
/// (<see cref="SettleBest"/>): the first lowest value whose gradient is finite, as if every point had had its
/// gradient computed with its value.</summary>
internal sealed class CountingGradientObjective
{
    private readonly IGradientObjective objective;
    private readonly CancellationToken cancellationToken;

    /// <summary>Every point with a finite value, in evaluation order, with its gradient once asked for.</summary>
    private readonly List<SeenPoint> seen = new();

    /// <summary>The best point as settled, with its gradient.</summary>
    private SeenPoint? best;

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

    /// <summary>Gradient at <see cref="CountingObjective.BestX"/> once <see cref="SettleBest"/> has run; null when
    /// there is no usable point.</summary>
    public double[]? BestGradient => best?.Gradient;

    /// <summary>f(x), one evaluation; non-finite comes back as +inf (see <see cref="CountingObjective.Evaluate"/>).</summary>
    public double Evaluate(double[] x)
    {
        double value = Counted.Evaluate(x);
        if (!double.IsPositiveInfinity(value)) seen.Add(new SeenPoint((double[])x.Clone(), value));
        return value;
    }

    /// <summary>The gradient at x (normally the point just evaluated) into <paramref name="gradient"/>; false when
    /// an entry is not finite, which makes x as unusable for the search as a non-finite value.</summary>
    public bool TryGradient(double[] x, double[] gradient)
    {
        var point = Find(x);
        var computed = point is null ? Compute(x) : GradientOf(point);
        if (computed is null)
        {
            for (int i = 0; i < gradient.Length; i++) gradient[i] = double.NaN;
            return false;
        }

        Array.Copy(computed, gradient, gradient.Length);
        return true;
    }

    /// <summary>The point's gradient, asked for once; null when not finite.</summary>
    private double[]? GradientOf(SeenPoint point)
    {
        if (point.Gradient is null && !point.GradientUnusable)
        {
            point.Gradient = Compute(point.X);
            point.GradientUnusable = point.Gradient is null;
        }

        return point.Gradient;
    }

    private double[]? Compute(double[] x)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var gradient = FunctionGradientObjective.NaNFilled(x.Length);
        objective.Gradient((double[])x.Clone(), gradient);
        GradientEvaluations++;
        return FunctionGradientObjective.AllUsable(gradient) ? gradient : null;
    }

    /// <summary>The objective's own Hessian approximation at x (see <see cref="ICurvatureObjective"/>); null when it
    /// has none there or an entry is not finite.</summary>
    public double[,]? Curvature(double[] x, double[] gradient)
    {
        if (objective is not ICurvatureObjective source) return null;
        cancellationToken.ThrowIfCancellationRequested();
        var curvature = new double[x.Length, x.Length];
        if (!source.TryCurvature((double[])x.Clone(), (double[])gradient.Clone(), curvature)) return null;
        foreach (double value in curvature)
            if (!CountingObjective.IsUsable(value)) return null;
        return curvature;
    }

    /// <summary>Makes the best point the first of the lowest values whose gradient is finite, asking for gradients
    /// (lowest first) at points the search rejected on their value alone.</summary>
    public void SettleBest()
    {
        while (true)
        {
            best = null;
            foreach (var point in seen)
                if (!point.GradientUnusable && (best is null || point.Value < best.Value)) best = point;
            if (best is null || GradientOf(best) is not null) break;
        }

        Counted.SetBest(best?.X, best?.Value ?? double.PositiveInfinity);
    }

    /// <summary>Evaluates a point (e.g. the settled best snapped onto a bound) and makes it the best one if it is not
    /// worse and its gradient is usable (the gradient is asked for only then).</summary>
    public void TryPoint(double[] x)
    {
        double value = Evaluate(x);
        if (best is null || double.IsPositiveInfinity(value) || value > best.Value) return;
        if (!TryGradient(x, new double[x.Length]))
        {
            SettleBest();
            return;
        }

        best = Find(x);
        Counted.SetBest(x, value);
    }

    /// <summary>The most recent record of x (the search asks right after evaluating, so this is normally the last).</summary>
    private SeenPoint? Find(double[] x)
    {
        for (int i = seen.Count - 1; i >= 0; i--)
            if (FunctionGradientObjective.SamePoint(seen[i].X, x)) return seen[i];
        return null;
    }

    private sealed class SeenPoint
    {
        public SeenPoint(double[] x, double value)
        {
            X = x;
            Value = value;
        }

        public double[] X { get; }

        public double Value { get; }

        public double[]? Gradient { get; set; }

        public bool GradientUnusable { get; set; }
    }
}
