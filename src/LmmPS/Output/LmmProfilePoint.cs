namespace LmmPS;

/// <summary>One point of a likelihood profile: the parameter held at <see cref="Value"/>, the others re-optimised.
/// <see cref="Zeta"/> is the signed square root of the objective's increase over the optimum (lme4's
/// <c>.zeta</c>); |Zeta| reaching a normal quantile marks a confidence limit.</summary>
public sealed class LmmProfilePoint
{
    public LmmProfilePoint(string parameter, double value, double zeta, double objective)
    {
        Parameter = parameter;
        Value = value;
        Zeta = zeta;
        Objective = objective;
    }

    /// <summary>lme4's (oldNames = FALSE) name, e.g. <c>sd_(Intercept)|Subject</c>, <c>sigma</c>, <c>Days</c>.</summary>
    public string Parameter { get; }

    public double Value { get; }

    public double Zeta { get; }

    public double Objective { get; }
}
