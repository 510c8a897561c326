using LmmPS.Core.Gradients;

namespace LmmPS;

/// <summary>One parameter of a gradient check: the analytic derivative of the objective against a finite difference
/// (<see cref="Scheme"/>: Central, or a second-order one-sided Forward/Backward difference next to a bound, with step
/// <see cref="Step"/>). <see cref="RelativeError"/> is |analytic - fd| / max(1, |fd|); <see cref="Passed"/> compares
/// it with the tolerance.</summary>
public sealed class LmmGradientRow
{
    public LmmGradientRow(string parameter, double value, double analytic, double finiteDifference, double tolerance,
        double step = double.NaN, string scheme = nameof(DifferenceScheme.Central))
    {
        Parameter = parameter;
        Value = value;
        Analytic = analytic;
        FiniteDifference = finiteDifference;
        AbsoluteError = Math.Abs(analytic - finiteDifference);
        RelativeError = AbsoluteError / Math.Max(1.0, Math.Abs(finiteDifference));
        Passed = RelativeError <= tolerance;
        Step = step;
        Scheme = scheme;
    }

    internal static LmmGradientRow From(DerivativeCheck check, double tolerance) =>
        new(check.Parameter, check.Value, check.Analytic, check.Numeric, tolerance, check.Step, check.Scheme.ToString());

    public string Parameter { get; }

    /// <summary>The parameter's value at the point checked.</summary>
    public double Value { get; }

    public double Analytic { get; }

    public double FiniteDifference { get; }

    public double AbsoluteError { get; }

    public double RelativeError { get; }

    public bool Passed { get; }

    /// <summary>The step h the finite difference used for this parameter.</summary>
    public double Step { get; }

    /// <summary>Central, Forward or Backward (one-sided, only where a central step would cross a bound).</summary>
    public string Scheme { get; }
}
