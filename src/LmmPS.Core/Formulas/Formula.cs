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
    /// <summary>The variables that are function calls (issue 19), by label (R's deparse, e.g. <c>I(Days - 4.5)</c>,
    /// <c>poly(Days, 2)</c>, <c>log(Reaction)</c>): the design evaluates them over the data.</summary>
    internal IReadOnlyDictionary<string, CallExpression> Computed { get; init; } = new Dictionary<string, CallExpression>();

    /// <summary>Labels of the <c>offset(...)</c> terms (keys of <see cref="Computed"/> too); their sum is added to the
    /// linear predictor with coefficient 1. Empty when the formula has none.</summary>
    public IReadOnlyList<string> Offsets { get; init; } = Array.Empty<string>();

    /// <summary>True when <paramref name="name"/> is a function call the design evaluates, not a data column.</summary>
    public bool IsComputed(string name) => Computed.ContainsKey(name);

    /// <summary>Every data column the formula reads, directly or inside a function call (response first).</summary>
    public IEnumerable<string> DataColumns =>
        Variables.SelectMany(v => Computed.TryGetValue(v, out var call) ? call.Columns : new[] { v }).Distinct(StringComparer.Ordinal);

    /// <summary>Every variable the formula reads: response, fixed, random left-hand sides and grouping variables.</summary>
    public IEnumerable<string> Variables =>
        new[] { Response }
            .Concat(FixedTerms.SelectMany(t => t.Variables))
            .Concat(RandomTerms.SelectMany(r => r.Terms.SelectMany(t => t.Variables).Concat(r.GroupingVariables)))
            .Concat(Offsets)
            .Distinct(StringComparer.Ordinal);
}
