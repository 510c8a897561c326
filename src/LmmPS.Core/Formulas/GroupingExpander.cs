namespace LmmPS.Core.Formulas;

/// <summary>Expands the grouping side of <c>(effects | grouping)</c> into one or more grouping factors, each a
/// list of variables whose interaction is the factor: <c>g</c>, <c>a:b</c>, and lme4's nesting shorthand
/// <c>a/b</c> = <c>b:a</c> and <c>a</c> (<c>a/b/c</c> = <c>c:b:a</c>, <c>b:a</c>, <c>a</c>), as lme4 expands it.</summary>
internal static class GroupingExpander
{
    public static IReadOnlyList<IReadOnlyList<string>> Expand(string text, FormulaNode node)
    {
        switch (node)
        {
            case VariableNode variable:
                return new[] { new[] { variable.Name } };
            case ParenNode paren:
                return Expand(text, paren.Inner);
            case InteractionNode interaction:
                return new[] { ExpandInteraction(text, interaction) };
            case ProductNode product:
                return ExpandNesting(text, product);
            case SumNode sum:
                var at = sum.Parts.Count > 1 ? sum.Parts[1].OperatorPosition : sum.Parts[0].OperatorPosition;
                throw FormulaErrors.Unsupported(text, at,
                    "'+' and '-' are not allowed in a grouping factor; for several grouping factors write separate terms, e.g. '(1 | a) + (1 | b)'.");
            case NumberNode number:
                throw FormulaErrors.Unsupported(text, number.Position,
                    $"'{number.Source}' is not a grouping factor: after '|' write a column name, e.g. '(1 | g)'.");
            case BarNode bar:
                throw FormulaErrors.Unsupported(text, bar.Position, "a random-effects term cannot appear inside a grouping factor.");
            case CallNode call:
                throw FormulaErrors.Unsupported(text, call.Position,
                    $"a function call cannot be a grouping factor: after '|' write a column name (a grouping factor is always treated as a factor, so '{call.Call.Function}(...)' is not needed or must be computed as a column first).");
            default:
                throw new InvalidOperationException("Unknown formula node " + node.GetType().Name);
        }
    }

    private static IReadOnlyList<string> ExpandInteraction(string text, InteractionNode interaction)
    {
        var variables = new List<string>();
        foreach (var operand in interaction.Operands)
        {
            var factors = Expand(text, operand);
            if (factors.Count != 1)
            {
                throw FormulaErrors.Unsupported(text, operand.Position,
                    "nesting '/' cannot be part of an interaction ':' in a grouping factor; write '(1 | a/b)' or '(1 | a:b)'.");
            }

            AddNew(variables, factors[0]);
        }

        return variables;
    }

    /// <summary>lme4's expandSlash: <c>a/b</c> is <c>b:a</c> and <c>a</c>; <c>a/b/c</c> is <c>c:b:a</c>, <c>b:a</c>,
    /// <c>a</c>. The inner factor comes first in each interaction and the most deeply nested term first in the list,
    /// exactly as lme4 writes them: that fixes the group label (<c>Variety:Block</c>), the order of the
    /// interaction's levels (first variable slowest) and the order of terms before lme4's sort by levels.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> ExpandNesting(string text, ProductNode product)
    {
        var result = Expand(text, product.First).ToList();
        // The term the next level nests within: the most deeply nested so far.
        var deepest = result[result.Count - 1];
        foreach (var step in product.Steps)
        {
            if (step.Operator == FormulaTokenKind.Star)
            {
                throw FormulaErrors.Unsupported(text, step.OperatorPosition,
                    "'*' is not allowed in a grouping factor; use ':' for an interaction, e.g. '(1 | a:b)', or '/' for nesting, e.g. '(1 | a/b)'.");
            }

            foreach (var inner in Expand(text, step.Operand))
            {
                var nested = new List<string>();
                AddNew(nested, inner);
                AddNew(nested, deepest);
                if (!result.Any(existing => SameSet(existing, nested)))
                {
                    result.Add(nested);
                }

                deepest = nested;
            }
        }

        result.Reverse();
        return result;
    }

    private static void AddNew(List<string> target, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!target.Contains(name, StringComparer.Ordinal))
            {
                target.Add(name);
            }
        }
    }

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(name => b.Contains(name, StringComparer.Ordinal));
}
