namespace LmmPS.Core.Design;

/// <summary>What a new row whose grouping label has no conditional mode in the fit gets.</summary>
public enum UnknownLevelPolicy
{
    /// <summary>Zero random effects for that term only (lme4's allow.new.levels = TRUE): the population value of
    /// the term, while the row's other terms still contribute.</summary>
    ZeroRandomEffect,

    /// <summary>An error naming the row, the grouping column and the label.</summary>
    Error,
}
