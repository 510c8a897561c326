namespace LmmPS;

/// <summary>One fixed-effect coefficient, as a row of lmerTest's "Fixed effects" table (lme4's without DF and PValue).</summary>
public sealed class LmmFixedEffect
{
    public LmmFixedEffect(string name, double estimate, double stdError, double tValue)
        : this(name, estimate, stdError, tValue, null, null)
    {
    }

    public LmmFixedEffect(string name, double estimate, double stdError, double tValue, double? df, double? pValue)
    {
        Name = name;
        Estimate = estimate;
        StdError = stdError;
        TValue = tValue;
        DF = df;
        PValue = pValue;
    }

    public string Name { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;

    public double Estimate { get; }

    /// <summary>sqrt of the diagonal of vcov(beta); with Kenward-Roger, of its adjusted covariance (as lmerTest).</summary>
    public double StdError { get; }

    /// <summary>Estimate / StdError.</summary>
    public double TValue { get; }

    /// <summary>Denominator degrees of freedom (Satterthwaite or Kenward-Roger, the fit's DegreesOfFreedomMethod); null
    /// when none were computed.</summary>
    public double? DF { get; }

    /// <summary>Two-sided p-value of TValue on DF degrees of freedom, Pr(&gt;|t|); null without DF.</summary>
    public double? PValue { get; }

    public override string ToString() => Name;
}
