using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>lme4's default "stop" checks (lmerControl: check.nlev.gtr.1, check.nobs.vs.nlev, check.nobs.vs.nRE)
/// that refuse a model whose random effects cannot be told apart from the residual.</summary>
internal static class IdentifiabilityChecks
{
    /// <summary>check.nlev.gtr.1 and check.nobs.vs.nlev; lme4 runs these for every term before the next check.</summary>
    public static void CheckLevels(GroupingFactor group, RandomTerm term, int rowCount)
    {
        int levels = group.Levels.Count;
        if (levels < 2)
        {
            string only = levels == 1 ? $" (only '{group.Levels[0]}')" : "";
            throw new LmmException(
                "GroupingFactorTooFewLevels",
                LmmErrorCategory.InvalidData,
                $"The grouping factor '{group.Label}' of the random-effects term at formula position {term.Position} has {levels} level{Plural(levels)}{only} in the {rowCount} rows used; " +
                "it needs at least 2 (lme4: grouping factors must have > 1 sampled level). Remove the term or use data with more groups.")
            {
                Column = group.Label,
                Position = term.Position,
            };
        }

        // lme4: "number of levels of each grouping factor must be < number of observations".
        if (levels >= rowCount)
        {
            throw new LmmException(
                "GroupingFactorTooManyLevels",
                LmmErrorCategory.InvalidData,
                $"The grouping factor '{group.Label}' of the random-effects term at formula position {term.Position} has {levels} levels for {rowCount} rows used; " +
                "the number of levels must be less than the number of observations, or each group's effect cannot be separated from the residual. " +
                "Check that the grouping variable is the right column (an ID per row is not a grouping factor).")
            {
                Column = group.Label,
                Position = term.Position,
            };
        }

    }

    /// <summary>check.nobs.vs.nRE.</summary>
    public static void CheckRandomEffectCount(GroupingFactor group, RandomTerm term, int columnCount, int rowCount)
    {
        int levels = group.Levels.Count;
        // lme4 (check.nobs.vs.nRE): the term's number of random effects must be below the number of observations.
        long randomEffects = (long)levels * columnCount;
        if (randomEffects >= rowCount)
        {
            throw new LmmException(
                "TooManyRandomEffects",
                LmmErrorCategory.InvalidData,
                $"The random-effects term at formula position {term.Position} for '{group.Label}' has {randomEffects} random effects ({levels} levels x {columnCount} columns) " +
                $"for {rowCount} rows used; they must be fewer than the observations, or the random-effects parameters and the residual variance are unidentifiable. " +
                "Simplify the term (fewer columns) or use more data.")
            {
                Column = group.Label,
                Position = term.Position,
            };
        }
    }

    private static string Plural(int count) => count == 1 ? "" : "s";
}
