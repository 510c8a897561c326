namespace LmmPS.Core.Formulas;

/// <summary>A parsed lme4 formula <c>response ~ fixed + (random | group)</c>, expanded into terms.</summary>
/// <param name="Text">The formula as the user wrote it.</param>
/// <param name="Response">The response variable's name.</param>
/// <param name="HasIntercept">False after <c>0 +</c> or <c>- 1</c>.</param>
/// <param name="FixedTerms">Fixed-effects terms besides the intercept, in R's order: by order (main effects,
/// then two-way interactions, ...), then as first written; duplicates removed.</param>
/// <param name="RandomTerms">Random-effects terms as written (after expansion), not yet sorted.</param>
public sealed record Formula(string Text, string Response, bool HasIntercept, IReadOnlyList<ModelTerm> FixedTerms, IReadOnlyList<RandomTerm> RandomTerms)
{
    /// <summary>Every variable the formula reads: response, fixed, random left-hand sides and grouping variables.</summary>
    public IEnumerable<string> Variables =>
        new[] { Response }
            .Concat(FixedTerms.SelectMany(t => t.Variables))
            .Concat(RandomTerms.SelectMany(r => r.Terms.SelectMany(t => t.Variables).Concat(r.GroupingVariables)))
            .Distinct(StringComparer.Ordinal);
}
