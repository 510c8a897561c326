namespace LmmPS;

/// <summary>One point of a likelihood profile: the parameter held at <see cref="Value"/>, the others re-optimised.
/// <see cref="Zeta"/> is the signed square root of the ML deviance's increase over its minimum (lme4's
/// <c>.zeta</c>); |Zeta| reaching a normal quantile marks a confidence limit.</summary>
public sealed class LmmProfilePoint
{
    public LmmProfilePoint(string parameter, double value, double zeta, double deviance, double sigma)
    {
        Parameter = parameter;
        Value = value;
        Zeta = zeta;
        Deviance = deviance;
        Sigma = sigma;
    }

    /// <summary>lme4's (oldNames = FALSE) name, e.g. <c>sd_(Intercept)|Subject</c>, <c>sigma</c>, <c>Days</c>.</summary>
    public string Parameter { get; }

    public double Value { get; }

    public double Zeta { get; }

    /// <summary>The ML deviance (-2 log-likelihood) with the parameter held at <see cref="Value"/>.</summary>
    public double Deviance { get; }

    /// <summary>The residual SD at this point.</summary>
    public double Sigma { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;
}
