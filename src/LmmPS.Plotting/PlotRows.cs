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

/// <summary>One observation of a residual plot: its fitted value and its residual (y - fitted).</summary>
public sealed class ResidualPoint
{
    public ResidualPoint(double fitted, double residual)
    {
        Fitted = fitted;
        Residual = residual;
    }

    public double Fitted { get; }

    public double Residual { get; }
}

/// <summary>A normal QQ plot's numbers: the normal scores and the sorted sample (same length, both increasing) and
/// the reference line y = Intercept + Slope x (R's qqline). Computed by the caller; the plot only lays them out.</summary>
public sealed class QuantileSeries
{
    public QuantileSeries(string title, IReadOnlyList<double> theoretical, IReadOnlyList<double> sample, double intercept, double slope)
    {
        if (theoretical.Count != sample.Count)
            throw new ArgumentException($"{theoretical.Count} normal scores for {sample.Count} sample values.", nameof(sample));
        Title = title;
        Theoretical = theoretical;
        Sample = sample;
        Intercept = intercept;
        Slope = slope;
    }

    /// <summary>The panel's title (what the sample is: scaled residuals, a random-effect column).</summary>
    public string Title { get; }

    public IReadOnlyList<double> Theoretical { get; }

    public IReadOnlyList<double> Sample { get; }

    public double Intercept { get; }

    public double Slope { get; }
}
