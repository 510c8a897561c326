namespace LmmPS;

/// <summary>A profile-likelihood confidence interval for one parameter (lme4's <c>confint(fit, method = "profile")</c>).
/// A bound the profile did not reach is NaN.</summary>
public sealed class LmmProfileInterval
{
    public LmmProfileInterval(string parameter, double estimate, double lower, double upper, double level)
    {
        Parameter = parameter;
        Estimate = estimate;
        Lower = lower;
        Upper = upper;
        Level = level;
    }

    public string Parameter { get; }

    public double Estimate { get; }

    public double Lower { get; }

    public double Upper { get; }

    /// <summary>Confidence level, e.g. 0.95.</summary>
    public double Level { get; }
}
