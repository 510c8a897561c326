using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Design;

/// <summary>Small hand-made data frames and formulas for the closed-form tests.</summary>
internal static class FrameFactory
{
    public static NumericColumn Numeric(string name, params double[] values) => new(name, values);

    /// <summary>A factor from labels (null = missing) with the given level order.</summary>
    public static CategoricalColumn Factor(string name, string[] levels, params string?[] values) =>
        new(name, values.Select(v => v is null ? -1 : Array.IndexOf(levels, v)).ToArray(), levels);

    public static CategoricalColumn Ordered(string name, string[] levels, params string?[] values) =>
        new(name, values.Select(v => v is null ? -1 : Array.IndexOf(levels, v)).ToArray(), levels, isOrdered: true);

    public static DataFrame Frame(params Column[] columns) => new(columns);

    public static ModelTerm T(params string[] variables) => new(variables);

    public static RandomTerm R(bool intercept, ModelTerm[] terms, string[] group, int position = 0) => new(intercept, terms, group, position);

    public static Formula F(string text, string response, bool intercept, ModelTerm[] fixedTerms, params RandomTerm[] randomTerms) =>
        new(text, response, intercept, fixedTerms, randomTerms);
}
