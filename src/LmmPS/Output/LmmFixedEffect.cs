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

    public double Estimate { get; }

    public double StdError { get; }

    /// <summary>Estimate / StdError (lme4 reports no p-value; neither do we).</summary>
    public double TValue { get; }

    public override string ToString() => Name;
}
