namespace LmmPS.Plotting;

/// <summary>One conditional mode with its conditional SD, as a caterpillar plot needs it (lme4's
/// <c>as.data.frame(ranef(fit, condVar = TRUE))</c> row).</summary>
public sealed class ConditionalModeRow
{
    public ConditionalModeRow(string group, string column, string level, double mode, double condSD)
    {
        Group = group;
        Column = column;
        Level = level;
        Mode = mode;
        CondSD = condSD;
    }

    public string Group { get; }

    public string Column { get; }

    public string Level { get; }

    public double Mode { get; }

    public double CondSD { get; }
}

/// <summary>One point of a profile trace: the parameter (on the SD/correlation scale) and its zeta.</summary>
public sealed class ProfileTracePoint
{
    public ProfileTracePoint(string parameter, double value, double zeta)
    {
        Parameter = parameter;
        Value = value;
        Zeta = zeta;
    }

    public string Parameter { get; }

    public double Value { get; }

    public double Zeta { get; }
}

/// <summary>What the caller chooses about the picture: size in pixels (null: chosen from the content) and title.</summary>
public sealed class PlotOptions
{
    public double? Width { get; set; }

    public double? Height { get; set; }

    public string? Title { get; set; }
}
