using LmmPS.Core.Common;
using static LmmPS.Tests.Formulas.FormulaErrorAssert;

namespace LmmPS.Tests.Formulas;

/// <summary>Valid R that this module does not model: id UnsupportedFormulaConstruct, the construct's
/// position, and a message that names it.</summary>
public class UnsupportedConstructTests
{
    private const string Unsupported = "UnsupportedFormulaConstruct";

    [Theory]
    [InlineData("y ~ sin(x)", 4, "'sin(...)'")]
    [InlineData("y ~ I(sin(x))", 6, "'sin(...)'")]
    [InlineData("y ~ x + (cos(z) | g)", 9, "'cos(...)'")]
    [InlineData("y ~ (1 | factor(g))", 9, "'factor(...)'")]
    [InlineData("sin(y) ~ x", 0, "'sin(...)'")]
    [InlineData("y ~ `my f`(x)", 4, "'`my f`(...)'")]
    [InlineData("y ~ `a\nb`(x)", 4, "'`a b`(...)'")]
    [InlineData("y ~ log(poly(x, 2))", 8, "poly() must be a term on its own")]
    [InlineData("y ~ x + (1 + offset(o) | g)", 13, "offset(...) must be added on its own")]
    [InlineData("y ~ x:offset(o)", 6, "offset(...) must be added on its own")]
    [InlineData("y ~ poly(x, 1.5)", 12, "the degree of poly()")]
    [InlineData("y ~ scale(x, center = 2)", 22, "must be TRUE or FALSE")]
    [InlineData("factor(y) ~ x", 0, "the response cannot be factor(...)")]
    public void Function_calls(string text, int position, string construct)
    {
        var error = Throws(text, Unsupported, position, construct);
        Assert.Equal(LmmErrorCategory.NotImplemented, error.Category);
    }

    [Theory]
    [InlineData("y ~ (a + b)^2", 11, "the power operator '^'")]
    [InlineData("y ~ a^2 + b", 5, "the power operator '^'")]
    [InlineData("y ~ a**2", 5, "the power operator '**'")]
    [InlineData("y ~ a %in% b", 6, "the operator '%in%'")]
    [InlineData("y ~ a %o% b", 6, "the operator '%o%'")]
    [InlineData("y ~ .", 4, "'.' (all remaining columns)")]
    [InlineData("y ~ x + . - z", 8, "'.' (all remaining columns)")]
    public void Operators_and_dot(string text, int position, string construct)
    {
        Throws(text, Unsupported, position, construct);
    }

    [Theory]
    [InlineData("y + z ~ x", 0, "the response (left of '~') must be a single column name, found 'y + z'")]
    [InlineData("1 ~ x", 0, "must be a single column name")]
    [InlineData("(y) ~ x", 0, "must be a single column name, found '(y)'")]
    [InlineData("a:b ~ x", 0, "must be a single column name")]
    public void Response_that_is_not_a_single_name(string text, int position, string construct)
    {
        Throws(text, Unsupported, position, construct);
    }

    [Theory]
    [InlineData("y ~ x | g", 6, "'|' outside parentheses")]
    [InlineData("y ~ x || g", 6, "'||' outside parentheses")]
    [InlineData("y | g ~ x", 2, "'|' outside parentheses")]
    [InlineData("y ~ (x + (1 | h) | g)", 9, "nested inside another random-effects term's left-hand side")]
    [InlineData("y ~ ((1 | h) || g)", 5, "nested inside another random-effects term's left-hand side")]
    [InlineData("y ~ (1 | g | h)", 11, "exactly one '|' or '||'")]
    [InlineData("y ~ (1 | g):x", 4, "must be added to the formula on its own with '+'")]
    [InlineData("y ~ x*(1 | g)", 6, "must be added to the formula on its own with '+'")]
    [InlineData("y ~ (x + (1 | g))", 9, "must be added to the formula on its own with '+'")]
    [InlineData("y ~ x - (1 | g)", 6, "cannot be removed with '-'")]
    [InlineData("y ~ (1 | (1 | g))", 9, "cannot appear inside a grouping factor")]
    public void Misplaced_bars(string text, int position, string construct)
    {
        Throws(text, Unsupported, position, construct);
    }

    [Theory]
    [InlineData("y ~ (1 | a + b)", 11, "'+' and '-' are not allowed in a grouping factor")]
    [InlineData("y ~ (1 | a*b)", 10, "'*' is not allowed in a grouping factor")]
    [InlineData("y ~ (1 | 1)", 9, "'1' is not a grouping factor")]
    [InlineData("y ~ (1 | (a/b):c)", 9, "nesting '/' cannot be part of an interaction")]
    public void Grouping_factors_that_are_not_a_column_interaction_or_nesting(string text, int position, string construct)
    {
        Throws(text, Unsupported, position, construct);
    }

    [Fact]
    public void A_crossing_that_explodes_into_thousands_of_terms_is_refused()
    {
        // a1*...*a13 has 2^13 - 1 = 8191 terms; crossing a14 in would make 16383 > 10000.
        var text = "y ~ " + string.Join("*", Enumerable.Range(1, 15).Select(i => "a" + i));
        var thirteenthStar = Enumerable.Range(0, text.Length).Where(i => text[i] == '*').ElementAt(12);
        Throws(text, Unsupported, thirteenthStar, "more than 10000 terms");
    }
}
