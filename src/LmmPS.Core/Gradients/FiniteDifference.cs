namespace LmmPS.Core.Gradients;

/// <summary>Finite-difference derivatives for checking analytic ones. The step for a parameter is
/// <c>relativeStep * max(1, |x|)</c> so large and small parameters get comparable relative accuracy. Central
/// differences (error O(h^2)) are used unless a step would cross a bound; then a second-order one-sided formula
/// (-3 f(x) + 4 f(x+h) - f(x+2h)) / 2h keeps O(h^2) accuracy without evaluating outside the domain, where the
/// objective may be undefined.</summary>
public static class FiniteDifference
{
    public const double DefaultRelativeStep = 1e-5;

    /// <summary>d f / d x_i for every i at <paramref name="x"/>, within [lower, upper] (null: unbounded).</summary>
    public static (double[] Derivative, double[] Step, DifferenceScheme[] Scheme) Gradient(
        Func<double[], double> f, IReadOnlyList<double> x, IReadOnlyList<double>? lower = null,
        IReadOnlyList<double>? upper = null, double relativeStep = DefaultRelativeStep)
    {
        if (f is null) throw new ArgumentNullException(nameof(f));
        if (x is null) throw new ArgumentNullException(nameof(x));
        if (!(relativeStep > 0) || double.IsInfinity(relativeStep))
            throw new ArgumentOutOfRangeException(nameof(relativeStep), relativeStep, "The relative step must be a finite number greater than 0.");
        int n = x.Count;
        var derivative = new double[n];
        var steps = new double[n];
        var schemes = new DifferenceScheme[n];
        var point = x.ToArray();
        double f0 = double.NaN;
        for (int i = 0; i < n; i++)
        {
            double xi = x[i];
            double lo = lower is null ? double.NegativeInfinity : lower[i];
            double hi = upper is null ? double.PositiveInfinity : upper[i];
            double h = relativeStep * Math.Max(1.0, Math.Abs(xi));
            steps[i] = h;
            double At(double value)
            {
                point[i] = value;
                double v = f(point);
                point[i] = xi;
                return v;
            }
            if (xi - h >= lo && xi + h <= hi)
            {
                schemes[i] = DifferenceScheme.Central;
                derivative[i] = (At(xi + h) - At(xi - h)) / (2 * h);
                continue;
            }
            if (double.IsNaN(f0)) f0 = f(point);
            if (xi + 2 * h <= hi)
            {
                schemes[i] = DifferenceScheme.Forward;
                derivative[i] = (-3 * f0 + 4 * At(xi + h) - At(xi + 2 * h)) / (2 * h);
            }
            else
            {
                schemes[i] = DifferenceScheme.Backward;
                derivative[i] = (3 * f0 - 4 * At(xi - h) + At(xi - 2 * h)) / (2 * h);
            }
        }
        return (derivative, steps, schemes);
    }

    /// <summary>d f / dx and d2 f / dx2 of a scalar function at x (central; x - 2h must stay above
    /// <paramref name="lower"/>, else the step is shrunk to fit).</summary>
    public static (double First, double Second, double Step) Scalar(Func<double, double> f, double x,
        double lower = double.NegativeInfinity, double relativeStep = 1e-4)
    {
        if (f is null) throw new ArgumentNullException(nameof(f));
        double h = relativeStep * Math.Max(1.0, Math.Abs(x));
        if (x - 2 * h <= lower) h = (x - lower) / 4;
        double fm2 = f(x - 2 * h), fm1 = f(x - h), f0 = f(x), fp1 = f(x + h), fp2 = f(x + 2 * h);
        // Fourth-order stencils: the second derivative needs them, since h^2 in its denominator magnifies rounding.
        double first = (fm2 - 8 * fm1 + 8 * fp1 - fp2) / (12 * h);
        double second = (-fm2 + 16 * fm1 - 30 * f0 + 16 * fp1 - fp2) / (12 * h * h);
        return (first, second, h);
    }

    /// <summary>Pairs analytic derivatives with finite-difference ones computed here.</summary>
    public static IReadOnlyList<DerivativeCheck> Compare(IReadOnlyList<string> names, Func<double[], double> f,
        IReadOnlyList<double> x, IReadOnlyList<double> analytic, IReadOnlyList<double>? lower = null,
        IReadOnlyList<double>? upper = null, double relativeStep = DefaultRelativeStep)
    {
        if (names is null) throw new ArgumentNullException(nameof(names));
        if (analytic is null) throw new ArgumentNullException(nameof(analytic));
        if (names.Count != x.Count || analytic.Count != x.Count)
            throw new ArgumentException($"{names.Count} names and {analytic.Count} analytic derivatives for {x.Count} parameters.");
        var (numeric, steps, schemes) = Gradient(f, x, lower, upper, relativeStep);
        var rows = new DerivativeCheck[x.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new DerivativeCheck(names[i], x[i], analytic[i], numeric[i], steps[i], schemes[i]);
        return rows;
    }
}
