namespace LmmPS.Core.Gradients;

/// <summary>One analytic derivative set against its finite-difference estimate.
/// <see cref="RelativeError"/> is |analytic - numeric| / max(|numeric|, 1e-8 scale floor) as
/// <see cref="FiniteDifference.Compare"/> computes it.</summary>
public sealed class DerivativeCheck
{
    public DerivativeCheck(string parameter, double value, double analytic, double numeric, double step, DifferenceScheme scheme)
    {
        Parameter = parameter;
        Value = value;
        Analytic = analytic;
        Numeric = numeric;
        Step = step;
        Scheme = scheme;
        AbsoluteError = Math.Abs(analytic - numeric);
        RelativeError = AbsoluteError / Math.Max(Math.Abs(numeric), 1e-8);
    }

    public string Parameter { get; }

    /// <summary>The parameter's value at the point checked.</summary>
    public double Value { get; }

    public double Analytic { get; }

    public double Numeric { get; }

    public double AbsoluteError { get; }

    /// <summary>|analytic - numeric| / |numeric| (the denominator floored at 1e-8).</summary>
    public double RelativeError { get; }

    public double Step { get; }

    public DifferenceScheme Scheme { get; }

    /// <summary>Passes when the relative error is within <paramref name="relative"/> or, for a derivative near zero,
    /// the absolute error is within <paramref name="absolute"/>.</summary>
    public bool Passes(double relative, double absolute) => RelativeError <= relative || AbsoluteError <= absolute;
}
