namespace LmmPS;

/// <summary>Get-LmmPrediction -NewLevels: what a grouping label the fit has not seen gets.</summary>
public enum LmmNewLevels
{
    /// <summary>No random effect for that term (lme4's allow.new.levels = TRUE); the row's other terms still count.</summary>
    Population,

    /// <summary>A non-terminating error naming the row, the grouping factor and the label; the row is not output.</summary>
    Error,
}
