namespace LmmPS;

/// <summary>What Export-LmmPlot draws. A module enum (not a type of LmmPS.Plotting) for the reason
/// <see cref="LmmMethod"/> gives: cmdlet parameters must not make PowerShell load the engine's context early.</summary>
public enum LmmPlotKind
{
    /// <summary>Conditional modes with 95% intervals per grouping factor and column (lme4's dotplot(ranef(fit, condVar = TRUE))).</summary>
    Caterpillar,

    /// <summary>Zeta against each profiled parameter with the +-1.96 lines (lme4's xyplot(profile(fit))).</summary>
    Profile,

    /// <summary>Residuals (y - fitted) against fitted values with a zero line (lme4's plot(fit), response scale).</summary>
    Residuals,

    /// <summary>Normal QQ plots with the quartile line (qqnorm and qqline) of the scaled residuals and of each random-effect
    /// column's conditional modes.</summary>
    QQ,
}
