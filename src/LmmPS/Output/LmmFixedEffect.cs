namespace LmmPS;

/// <summary>One fixed-effect coefficient, as a row of lme4's "Fixed effects" table.</summary>
public sealed class LmmFixedEffect
{
    public LmmFixedEffect(string name, double estimate, double stdError, double tValue)
    {
        Name = name;
        Estimate = estimate;
        StdError = stdError;
        TValue = tValue;
    }

    public string Name { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;

    public double Estimate { get; }

    public double StdError { get; }

    /// <summary>Estimate / StdError (lme4 reports no p-value; neither do we).</summary>
    public double TValue { get; }

    public override string ToString() => Name;
}
