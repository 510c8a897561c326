namespace LmmPS;

/// <summary>One parameter of a gradient check: the analytic derivative of the objective against a central finite
/// difference. <see cref="RelativeError"/> is |analytic - fd| / max(1, |fd|); <see cref="Passed"/> compares it
/// with the tolerance.</summary>
public sealed class LmmGradientRow
{
    public LmmGradientRow(string parameter, double value, double analytic, double finiteDifference, double tolerance)
    {
        Parameter = parameter;
        Value = value;
        Analytic = analytic;
        FiniteDifference = finiteDifference;
        AbsoluteError = Math.Abs(analytic - finiteDifference);
        RelativeError = AbsoluteError / Math.Max(1.0, Math.Abs(finiteDifference));
        Passed = RelativeError <= tolerance;
    }

    public string Parameter { get; }

    /// <summary>The parameter's value at the point checked.</summary>
    public double Value { get; }

    public double Analytic { get; }

    public double FiniteDifference { get; }

    public double AbsoluteError { get; }

    public double RelativeError { get; }

    public bool Passed { get; }
}
