namespace LmmPS.Core.Formulas;

/// <summary>Turns one <c>(effects | grouping)</c> into <see cref="RandomTerm"/>s as lme4's findbars does:
/// '||' first splits the effects into uncorrelated terms (expandDoubleVerts: the intercept, then one term per
/// effect), then each of those is repeated for every grouping factor that '/' nesting produces.</summary>
internal static class RandomTermExpander
{
    public static IEnumerable<RandomTerm> Expand(string text, BarNode bar, FormulaCalls calls)
    {
        var expander = new TermExpander(text, insideRandomTerm: true, firstVariable: null, calls);
        var effects = expander.ToModelTerms(expander.Expand(bar.Effects));
        var hasIntercept = expander.HasIntercept;
        if (!hasIntercept && effects.Count == 0)
        {
            throw FormulaErrors.Syntax(text, bar.Position,
                $"the random-effects term at position {bar.Position} has no columns: its left-hand side removes the intercept and adds no variable; write '(1 | g)' for a random intercept.");
        }

        var groupings = GroupingExpander.Expand(text, bar.Grouping);

        var blocks = new List<(bool Intercept, IReadOnlyList<ModelTerm> Terms)>();
        if (!bar.Uncorrelated)
        {
            blocks.Add((hasIntercept, effects));
        }
        else
        {
            if (hasIntercept)
            {
                blocks.Add((true, Array.Empty<ModelTerm>()));
            }

            blocks.AddRange(effects.Select(effect => (false, (IReadOnlyList<ModelTerm>)new[] { effect })));
        }

        foreach (var block in blocks)
        {
            foreach (var grouping in groupings)
            {
                yield return new RandomTerm(block.Intercept, block.Terms, grouping, bar.Position);
            }
        }
    }
}
