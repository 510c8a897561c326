namespace LmmPS.Core.Optimizers;

/// <summary>What a line search ended with.</summary>
internal enum LineSearchOutcome
{
    Accepted,
    BudgetExhausted,
    Failed,

    /// <summary>The first trial was rejected and the most it could have gained (to first order) was negligible.</summary>
    Negligible,
}

/// <summary>A line search along x + alpha d for 0 &lt; alpha &lt;= the largest step that stays in the box, so every
/// trial point is feasible. The gradient is asked for only at a trial that passes the Armijo test (the Wolfe
/// test needs its slope), never at one rejected on its value. A point is accepted when it decreases f enough
/// (Armijo, c1 = 1e-4) and the slope has flattened (weak Wolfe, c2 = 0.9, which also guarantees s'y &gt; 0 for the BFGS update); a step that is too short
/// is extended (x4, up to the box), one that is too long shrinks by safeguarded quadratic interpolation. A trial
/// where f or its gradient is not finite is a failed step: it shrinks by a factor 5 towards the last good
/// point. When the first trial is rejected although it could have lowered f by no more than a negligible amount
/// (alpha |f'(0)|, which bounds the decrease anywhere on [0, alpha] where f is convex along d, as it is near a
/// minimum), the search gives up at once: what it would shrink towards is rounding, not descent.</summary>
internal sealed class ProjectedLineSearch
{
    private const double SufficientDecrease = 1e-4;
    private const double Curvature = 0.9;
    private const int MaxTrials = 30;

    private readonly CountingGradientObjective objective;
    private readonly double[] lower;
    private readonly double[] upper;

    public ProjectedLineSearch(CountingGradientObjective objective, double[] lower, double[] upper)
    {
        this.objective = objective;
        this.lower = lower;
        this.upper = upper;
    }

    public double[] X { get; private set; } = Array.Empty<double>();

    public double Value { get; private set; }

    public double[] Gradient { get; private set; } = Array.Empty<double>();

    /// <summary>Searches from x (value f, gradient g) along d, starting at initialStep; negligibleDecrease is an
    /// absolute decrease of f not worth an evaluation (0: never give up that way).</summary>
    public LineSearchOutcome Search(double[] x, double f, double[] g, double[] d, double initialStep, double negligibleDecrease = 0)
    {
        double slope0 = LimitedMemoryHessian.Dot(g, d);
        double maxStep = BoxProjection.MaxFeasibleStep(x, d, lower, upper);
        double alpha = Math.Min(initialStep, maxStep);
        double scale = 0;
        for (int i = 0; i < x.Length; i++) scale = Math.Max(scale, Math.Abs(d[i]) / Math.Max(1, Math.Abs(x[i])));

        // The best point so far that met the Armijo condition (alpha 0 = x itself) bounds the bracket from below.
        double low = 0, lowValue = f, lowSlope = slope0, high = double.PositiveInfinity;
        double[]? lowX = null, lowGradient = null;
        for (int trial = 0; trial < MaxTrials; trial++)
        {
            // Steps that no longer move x by more than rounding cannot succeed.
            if (!(alpha * scale > 1e-15)) break;
            if (objective.BudgetExhausted) return LineSearchOutcome.BudgetExhausted;
            var point = BoxProjection.Step(x, alpha, d, lower, upper);
            double value = objective.Evaluate(point);
            if (double.IsPositiveInfinity(value))
            {
                alpha = BackAway(low, ref high, alpha);
                continue;
            }

            // Rejected on its value alone: no gradient is needed here.
            if (value > f + SufficientDecrease * alpha * slope0 || value >= lowValue && low > 0)
            {
                if (lowX is null && -alpha * slope0 <= negligibleDecrease)
                    return LineSearchOutcome.Negligible;
                high = alpha;
                alpha = Interpolate(low, lowValue, lowSlope, alpha, value);
                continue;
            }

            var gradient = new double[x.Length];
            if (!objective.TryGradient(point, gradient))
            {
                alpha = BackAway(low, ref high, alpha);
                continue;
            }

            double slope = LimitedMemoryHessian.Dot(gradient, d);
            if (slope >= Curvature * slope0 || alpha >= maxStep)
            {
                return Accept(point, value, gradient);
            }

            // Still descending steeply: the step was too short.
            low = alpha;
            lowValue = value;
            lowSlope = slope;
            lowX = point;
            lowGradient = gradient;
            alpha = double.IsPositiveInfinity(high) ? Math.Min(4 * alpha, maxStep) : 0.5 * (low + high);
        }

        return lowX is not null && lowGradient is not null ? Accept(lowX, lowValue, lowGradient) : LineSearchOutcome.Failed;
    }

    /// <summary>After a failed step (f or its gradient not finite): shrink by a factor 5 towards the last good point.</summary>
    private static double BackAway(double low, ref double high, double alpha)
    {
        high = alpha;
        return low + 0.2 * (alpha - low);
    }

    private LineSearchOutcome Accept(double[] point, double value, double[] gradient)
    {
        X = point;
        Value = value;
        Gradient = gradient;
        return LineSearchOutcome.Accepted;
    }

    /// <summary>Minimiser of the quadratic through (low, f_low) with slope f'_low and (high, f_high), kept within
    /// [low + 0.1 w, low + 0.5 w] of the bracket's width w so that the bracket shrinks steadily.</summary>
    private static double Interpolate(double low, double lowValue, double lowSlope, double high, double highValue)
    {
        double width = high - low;
        double curvature = highValue - lowValue - lowSlope * width;
        double step = curvature > 0 ? -lowSlope * width * width / (2 * curvature) : 0.5 * width;
        if (double.IsNaN(step)) step = 0.5 * width;
        return low + Math.Max(0.1 * width, Math.Min(0.5 * width, step));
    }
}
