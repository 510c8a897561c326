using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Builds the grouping factor of a random-effects term as lme4's mkBlist does.</summary>
internal static class GroupingFactorBuilder
{
    public static GroupingFactor Build(ModelFrame frame, RandomTerm term)
    {
        var vars = term.GroupingVariables;
        GroupingFactor result = AsFactor(frame[vars[0]]);
        // lme4 evaluates a:b:c as (a %i% b) %i% c.
        for (int v = 1; v < vars.Count; v++)
            result = Interact(result, AsFactor(frame[vars[v]]));
        return result;
    }

    /// <summary>lme4 (makeFac) turns a numeric grouping variable into factor(x): levels are the sorted distinct
    /// values, labelled by as.character. A factor keeps its levels (unused ones are already dropped).</summary>
    private static GroupingFactor AsFactor(FrameVariable variable)
    {
        if (variable is FactorVariable factor)
            return new GroupingFactor(factor.Name, factor.Levels, factor.Codes);

        var values = ((NumericVariable)variable).Values;
        var distinct = values.Distinct().OrderBy(x => x).ToArray();
        var indexOf = new Dictionary<double, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++)
            indexOf[distinct[i]] = i;
        var codes = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
            codes[i] = indexOf[values[i]];
        return new GroupingFactor(variable.Name, distinct.Select(RNumberFormat.Format).ToArray(), codes);
    }

    /// <summary>lme4's <c>%i%</c>: levels "a:b" for the combinations that occur, ordered with the first factor
    /// varying slowest (by (level of a) * nlevels(b) + level of b).</summary>
    private static GroupingFactor Interact(GroupingFactor first, GroupingFactor second)
    {
        int n = first.LevelIndex.Length;
        int secondCount = second.Levels.Count;
        var rank = new long[n];
        for (int i = 0; i < n; i++)
            rank[i] = (long)first.LevelIndex[i] * secondCount + second.LevelIndex[i];

        long[] present = rank.Distinct().OrderBy(r => r).ToArray();
        var indexOf = new Dictionary<long, int>(present.Length);
        for (int i = 0; i < present.Length; i++)
            indexOf[present[i]] = i;
        var codes = new int[n];
        for (int i = 0; i < n; i++)
            codes[i] = indexOf[rank[i]];
        var levels = present
            .Select(r => first.Levels[(int)(r / secondCount)] + ":" + second.Levels[(int)(r % secondCount)])
            .ToArray();
        return new GroupingFactor(first.Label + ":" + second.Label, levels, codes);
    }
}
