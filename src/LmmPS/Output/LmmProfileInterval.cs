namespace LmmPS;

/// <summary>A confidence interval for one parameter: <c>profile</c> (lme4's <c>confint(fit, method = "profile")</c>)
/// or <c>Wald</c> (fixed effects, estimate +- z SE). A limit the profile could not establish is NaN; a limit at a
/// parameter bound (an SD of 0, a correlation of +-1) is that bound; either way <see cref="Note"/> says so.</summary>
public sealed class LmmProfileInterval
{
    public LmmProfileInterval(string parameter, double estimate, double lower, double upper, double level, string method, string note)
    {
        Parameter = parameter;
        Estimate = estimate;
        Lower = lower;
        Upper = upper;
        Level = level;
        Method = method;
        Note = note;
    }

    public string Parameter { get; }

    /// <summary>The estimate (for a profile of a REML fit, the ML estimate the profile is centred on).</summary>
    public double Estimate { get; }

    public double Lower { get; }

    public double Upper { get; }

    /// <summary>Confidence level, e.g. 0.95.</summary>
    public double Level { get; }

    /// <summary><c>profile</c> or <c>Wald</c>.</summary>
    public string Method { get; }

    /// <summary>Empty, or why a limit is a bound or NaN.</summary>
    public string Note { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;
}
