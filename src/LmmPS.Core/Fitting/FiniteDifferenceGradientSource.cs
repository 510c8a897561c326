using LmmPS.Core.Gradients;

namespace LmmPS.Core.Fitting;

/// <summary>Turns an objective into the objective-and-gradient function a gradient optimizer needs, by
/// finite differences (central, one-sided at a bound). A stand-in until the analytic gradient of the LMM objective
/// is available: each call costs 1 + 2n objective evaluations (n = number of theta), plus one at a bound.</summary>
internal sealed class FiniteDifferenceGradientSource
{
    private readonly Func<double[], double> objective;
    private readonly double[] lower;
    private readonly double[] upper;

    public FiniteDifferenceGradientSource(Func<double[], double> objective, double[] lower, double[] upper)
    {
        this.objective = objective ?? throw new ArgumentNullException(nameof(objective));
        this.lower = lower;
        this.upper = upper;
    }

    /// <summary>f(x), with the gradient written into <paramref name="gradient"/>; where f is not finite the
    /// gradient is left alone (the optimizer treats the point as a failed step without it).</summary>
    public double ObjectiveAndGradient(double[] x, double[] gradient)
    {
        double value = objective(x);
        if (double.IsNaN(value) || double.IsInfinity(value)) return value;
        var (derivative, _, _) = FiniteDifference.Gradient(objective, x, lower, upper);
        Array.Copy(derivative, gradient, gradient.Length);
        return value;
    }
}
