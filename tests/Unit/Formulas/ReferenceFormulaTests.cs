using LmmPS.Core.Formulas;
using static LmmPS.Tests.Formulas.FormulaShapes;

namespace LmmPS.Tests.Formulas;

/// <summary>Every formula of the lme4 reference fits (shared/reference/INDEX.md), with the fixed terms and the
/// random-effects terms lme4 reports for them (INDEX.md lists their theta names: e.g. case 1c has
/// Subject.(Intercept) and Subject.Days in two blocks, case 6 has no fixed effect).</summary>
public class ReferenceFormulaTests
{
    [Theory]
    // 1a, 1b, 7a, 7b: one correlated block (Intercept, Days) per Subject.
    [InlineData("Reaction ~ Days + (Days | Subject)", "Reaction", true, new[] { "Days" }, new[] { "1 + Days | Subject" })]
    // 1c and its alternative spelling with '||'.
    [InlineData("Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", "Reaction", true, new[] { "Days" }, new[] { "1 | Subject", "0 + Days | Subject" })]
    [InlineData("Reaction ~ Days + (Days || Subject)", "Reaction", true, new[] { "Days" }, new[] { "1 | Subject", "0 + Days | Subject" })]
    // 2a, 2b, 2c, 7c.
    [InlineData("Yield ~ 1 + (1 | Batch)", "Yield", true, new string[0], new[] { "1 | Batch" })]
    // 3a, 3b: crossed factors.
    [InlineData("diameter ~ 1 + (1 | plate) + (1 | sample)", "diameter", true, new string[0], new[] { "1 | plate", "1 | sample" })]
    // 4, and the nested shorthand that means the same.
    [InlineData("strength ~ 1 + (1 | batch) + (1 | batch:cask)", "strength", true, new string[0], new[] { "1 | batch", "1 | batch:cask" })]
    [InlineData("strength ~ 1 + (1 | batch/cask)", "strength", true, new string[0], new[] { "1 | cask:batch", "1 | batch" })]
    // 5a, 5b.
    [InlineData("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)", "y", true, new[] { "service" }, new[] { "1 | s", "1 | d", "1 | dept:service" })]
    // 6: random effects only.
    [InlineData("y ~ 0 + (1 + x | g)", "y", false, new string[0], new[] { "1 + x | g" })]
    public void Reference_formula_expands_as_lme4(string text, string response, bool intercept, string[] fixedLabels, string[] randomShapes)
    {
        var formula = FormulaParser.Parse(text);
        Assert.Equal(text, formula.Text);
        Assert.Equal(response, formula.Response);
        Assert.Equal(intercept, formula.HasIntercept);
        Assert.Equal(fixedLabels, FixedLabels(formula));
        Assert.Equal(randomShapes, RandomShapes(formula));
    }

    [Fact]
    public void InstEval_interaction_grouping_has_both_variables()
    {
        var formula = FormulaParser.Parse("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)");
        Assert.Equal(new[] { "dept", "service" }, formula.RandomTerms[2].GroupingVariables);
        Assert.Equal(new[] { "y", "service", "s", "d", "dept" }, formula.Variables);
    }
}
