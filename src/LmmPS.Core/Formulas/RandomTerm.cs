namespace LmmPS.Core.Formulas;

/// <summary>One random-effects term <c>(lhs | group)</c> after expansion: <c>(x || g)</c> has become
/// <c>(1 | g) + (0 + x | g)</c> and <c>(1 | a/b)</c> has become <c>(1 | b:a) + (1 | a)</c>, as lme4 expands it.</summary>
/// <param name="HasIntercept">Whether the left-hand side has an intercept column.</param>
/// <param name="Terms">The left-hand side's terms besides the intercept, in R's order (by order, then as written).</param>
/// <param name="GroupingVariables">The grouping factor, or the variables whose interaction is the grouping factor.</param>
/// <param name="Position">0-based position of the opening parenthesis in the formula text.</param>
public sealed record RandomTerm(bool HasIntercept, IReadOnlyList<ModelTerm> Terms, IReadOnlyList<string> GroupingVariables, int Position)
{
    /// <summary>The grouping factor's name as lme4 prints it, e.g. <c>Subject</c> or <c>batch:cask</c>.</summary>
    public string GroupLabel => string.Join(":", GroupingVariables);
}
