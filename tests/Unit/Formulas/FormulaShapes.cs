using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Formulas;

/// <summary>Compact, lme4-like renderings of parsed terms so expectations read like the formulas R prints.</summary>
internal static class FormulaShapes
{
    public static string[] FixedLabels(Formula formula) => formula.FixedTerms.Select(t => t.Label).ToArray();

    /// <summary>A random term as lme4 writes an expanded bar: "1 + x | g", "0 + x | g", "1 | a:b".</summary>
    public static string Shape(RandomTerm term)
    {
        var effects = new List<string> { term.HasIntercept ? "1" : "0" };
        effects.AddRange(term.Terms.Select(t => t.Label));
        return string.Join(" + ", effects) + " | " + term.GroupLabel;
    }

    public static string[] RandomShapes(Formula formula) => formula.RandomTerms.Select(Shape).ToArray();
}
