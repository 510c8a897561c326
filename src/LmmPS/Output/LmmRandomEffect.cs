namespace LmmPS;

/// <summary>One conditional mode of a random effect with its conditional standard deviation
/// (lme4's <c>as.data.frame(ranef(fit, condVar = TRUE))</c>: grp, term, condval, condsd).</summary>
public sealed class LmmRandomEffect
{
    public LmmRandomEffect(string group, string level, string name, double mode, double condSD)
    {
        Group = group;
        Level = level;
        Name = name;
        Mode = mode;
        CondSD = condSD;
    }

    /// <summary>Grouping factor.</summary>
    public string Group { get; }

    /// <summary>Level of the grouping factor.</summary>
    public string Level { get; }

    /// <summary>Column of the term, e.g. <c>(Intercept)</c>.</summary>
    public string Name { get; }

    /// <summary>Conditional mode b (in the response's units).</summary>
    public double Mode { get; }

    /// <summary>Conditional standard deviation of b.</summary>
    public double CondSD { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;

    public override string ToString() => $"{Group} {Level} {Name}";
}
