using LmmPS.Core.Formulas;
using static LmmPS.Tests.Formulas.FormulaShapes;

namespace LmmPS.Tests.Formulas;

/// <summary>Random-effects expansion, checked against lme4's findbars / expandDoubleVerts: the left-hand side
/// follows terms() (implicit intercept), '||' gives the intercept term then one term per effect, '/' in the
/// grouping gives the outer factor then the interactions (the brief's order: (1|a), (1|a:b)).</summary>
public class RandomTermExpansionTests
{
    [Theory]
    [InlineData("y ~ (1 | g)", new[] { "1 | g" })]
    [InlineData("y ~ (x | g)", new[] { "1 + x | g" })]
    [InlineData("y ~ (1 + x | g)", new[] { "1 + x | g" })]
    [InlineData("y ~ (0 + x | g)", new[] { "0 + x | g" })]
    [InlineData("y ~ (x - 1 | g)", new[] { "0 + x | g" })]
    [InlineData("y ~ (-1 + x | g)", new[] { "0 + x | g" })]
    [InlineData("y ~ (x*z | g)", new[] { "1 + x + z + x:z | g" })]
    [InlineData("y ~ (1 | g1) + (1 | g2)", new[] { "1 | g1", "1 | g2" })]
    [InlineData("y ~ (1 | a:b)", new[] { "1 | a:b" })]
    [InlineData("y ~ (1 | b:a)", new[] { "1 | b:a" })]
    // Nesting as lme4 1.1-31 findbars() gives it (checked in R): inner factor first, most deeply nested term first.
    [InlineData("y ~ (1 | a/b)", new[] { "1 | b:a", "1 | a" })]
    [InlineData("y ~ (1 | a/b/c)", new[] { "1 | c:b:a", "1 | b:a", "1 | a" })]
    [InlineData("y ~ (1 | (a/b))", new[] { "1 | b:a", "1 | a" })]
    // lme4 itself fails on this one ("unparseable formula for grouping factor"); we nest c within a:b.
    [InlineData("y ~ (1 | a:b/c)", new[] { "1 | c:a:b", "1 | a:b" })]
    [InlineData("y ~ (x || g)", new[] { "1 | g", "0 + x | g" })]
    [InlineData("y ~ (1 + x + z || g)", new[] { "1 | g", "0 + x | g", "0 + z | g" })]
    [InlineData("y ~ (0 + x + z || g)", new[] { "0 + x | g", "0 + z | g" })]
    [InlineData("y ~ (a*b || g)", new[] { "1 | g", "0 + a | g", "0 + b | g", "0 + a:b | g" })]
    [InlineData("y ~ (1 || g)", new[] { "1 | g" })]
    // expandDoubleVerts runs before the '/' expansion, so each uncorrelated block is repeated per factor.
    [InlineData("y ~ (x || a/b)", new[] { "1 | b:a", "1 | a", "0 + x | b:a", "0 + x | a" })]
    // lme4 does not merge repeated bars: each one is its own term.
    [InlineData("y ~ (1 | g) + (1 | g)", new[] { "1 | g", "1 | g" })]
    [InlineData("y ~ ((1 | g))", new[] { "1 | g" })]
    public void Expands_like_lme4(string text, string[] shapes)
    {
        Assert.Equal(shapes, RandomShapes(FormulaParser.Parse(text)));
    }

    [Fact]
    public void Grouping_variables_of_nested_factors()
    {
        var terms = FormulaParser.Parse("y ~ (1 | a/b)").RandomTerms;
        Assert.Equal(new[] { "b", "a" }, terms[0].GroupingVariables);
        Assert.Equal("b:a", terms[0].GroupLabel);
        Assert.Equal(new[] { "a" }, terms[1].GroupingVariables);
    }

    [Fact]
    public void Position_is_the_opening_parenthesis_of_the_written_term()
    {
        const string text = "y ~ x + (1 | g) + (0 + x || a/b) + ((1 | h))";
        var terms = FormulaParser.Parse(text).RandomTerms;
        Assert.Equal(new[] { 8, 18, 18, 36 }, terms.Select(t => t.Position).ToArray());
        Assert.Equal('(', text[8]);
        Assert.Equal("(0 + x ||", text.Substring(18, 9));
        Assert.Equal("(1 | h))", text.Substring(36));
    }

    [Fact]
    public void Left_hand_side_terms_keep_R_order_and_the_fixed_part_its_own_intercept()
    {
        var formula = FormulaParser.Parse("y ~ 0 + x + (a:b + c + 1 | g)");
        Assert.False(formula.HasIntercept);
        Assert.Equal(new[] { "x" }, FixedLabels(formula));
        var term = formula.RandomTerms.Single();
        Assert.True(term.HasIntercept);
        Assert.Equal(new[] { "c", "a:b" }, term.Terms.Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Uncorrelated_terms_each_hold_one_effect()
    {
        var terms = FormulaParser.Parse("y ~ (x + z || g)").RandomTerms;
        Assert.Equal(3, terms.Count);
        Assert.True(terms[0].HasIntercept);
        Assert.Empty(terms[0].Terms);
        Assert.All(terms.Skip(1), t => Assert.False(t.HasIntercept));
        Assert.All(terms.Skip(1), t => Assert.Single(t.Terms));
    }
}
