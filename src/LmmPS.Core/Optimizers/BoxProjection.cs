namespace LmmPS.Core.Optimizers;

/// <summary>Projection onto the box [lower, upper] and the quantities a projected-gradient method measures with it.</summary>
internal static class BoxProjection
{
    public static double Clamp(double value, double lower, double upper) =>
        value < lower ? lower : value > upper ? upper : value;

    /// <summary>max_i |P(x - g)_i - x_i|: 0 exactly when x is a first-order point of the bound-constrained
    /// problem (each gradient component is 0, or pushes its variable against the bound it sits on).</summary>
    public static double ProjectedGradientNorm(double[] x, double[] gradient, double[] lower, double[] upper)
    {
        double norm = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double step = Clamp(x[i] - gradient[i], lower[i], upper[i]) - x[i];
            norm = Math.Max(norm, Math.Abs(step));
        }

        return norm;
    }

    /// <summary>The largest alpha with x + alpha d inside the box (+inf when d points nowhere near a bound).</summary>
    public static double MaxFeasibleStep(double[] x, double[] d, double[] lower, double[] upper)
    {
        double alpha = double.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (d[i] < 0 && !double.IsNegativeInfinity(lower[i])) alpha = Math.Min(alpha, (lower[i] - x[i]) / d[i]);
            else if (d[i] > 0 && !double.IsPositiveInfinity(upper[i])) alpha = Math.Min(alpha, (upper[i] - x[i]) / d[i]);
        }

        return Math.Max(alpha, 0);
    }

    /// <summary>P(x + alpha d); the clamp only removes rounding past a bound the step was meant to reach.</summary>
    public static double[] Step(double[] x, double alpha, double[] d, double[] lower, double[] upper)
    {
        var point = new double[x.Length];
        for (int i = 0; i < x.Length; i++) point[i] = Clamp(x[i] + alpha * d[i], lower[i], upper[i]);
        return point;
    }
}
