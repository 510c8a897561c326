using LmmPS.Core.Common;
using static LmmPS.Tests.Formulas.FormulaErrorAssert;

namespace LmmPS.Tests.Formulas;

/// <summary>Malformed formulas: id FormulaSyntaxError, the position of the offending token (for a missing
/// operand, the end of the visible text), and the caret drawn under it.</summary>
public class FormulaSyntaxErrorTests
{
    private const string Syntax = "FormulaSyntaxError";

    [Theory]
    [InlineData("", 0, "the formula is empty")]
    [InlineData("   ", 0, "the formula is empty")]
    [InlineData("\t\n", 0, "the formula is empty")]
    [InlineData("y", 1, "missing '~'")]
    [InlineData("y + x", 5, "missing '~'")]
    [InlineData("y x", 2, "expected '~' after the response, found 'x'")]
    [InlineData("y ~ x ~ z", 6, "exactly one '~'")]
    [InlineData("~ x", 0, "expected the response (a column name) before '~'")]
    [InlineData("y ~", 3, "expected the model terms after '~'")]
    [InlineData("y ~   ", 3, "expected the model terms after '~'")]
    [InlineData(") ~ x", 0, "expected the response (a column name) at the start of the formula, found ')'")]
    public void Tilde_response_and_empty_sides(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Theory]
    [InlineData("y ~ x +", 7, "expected a term after '+'.")]
    [InlineData("y ~ x1 + ", 8, "expected a term after '+'.")]
    [InlineData("y ~ x -", 7, "expected a term after '-'.")]
    [InlineData("y ~ x *", 7, "expected a term after '*'.")]
    [InlineData("y ~ x /", 7, "expected a term after '/'.")]
    [InlineData("y ~ x :", 7, "expected a term after ':'.")]
    [InlineData("y ~ x + * z", 8, "expected a term after '+', found '*'")]
    [InlineData("y ~ (x + )", 9, "expected a term after '+', found ')'")]
    [InlineData("y ~ x y", 6, "expected an operator such as '+' before 'y'")]
    [InlineData("y ~ (x y)", 7, "expected an operator such as '+' or a ')' to close the '(' at position 4 before 'y'")]
    [InlineData("y ~ x, z", 5, "unexpected ','")]
    public void Operators_without_operands(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Theory]
    [InlineData("y ~ (x + z", 4, "the '(' at position 4 is never closed")]
    [InlineData("y ~ ((x + z)", 4, "the '(' at position 4 is never closed")]
    [InlineData("y ~ (x | g", 4, "the '(' at position 4 is never closed")]
    [InlineData("y ~ x + z)", 9, "unmatched ')'")]
    [InlineData("y) ~ x", 1, "unmatched ')'")]
    [InlineData("y ~ ()", 5, "empty parentheses")]
    [InlineData("y ~ (x ~ z)", 7, "'~' cannot appear inside parentheses")]
    public void Unbalanced_parentheses(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Theory]
    [InlineData("y ~ ( | g)", 6, "expected the random effects before '|'")]
    [InlineData("y ~ (|| g)", 5, "expected the random effects before '||'")]
    [InlineData("y ~ (x | )", 9, "expected a grouping factor (a column name) after '|', found ')'")]
    [InlineData("y ~ (x || )", 10, "expected a grouping factor (a column name) after '||', found ')'")]
    [InlineData("y ~ (0 | g)", 4, "the random-effects term at position 4 has no columns")]
    [InlineData("y ~ x + (x - 1 - x | g)", 8, "has no columns")]
    public void Empty_random_terms(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Theory]
    [InlineData("y ~ x $ z", 6, "unexpected character '$'")]
    [InlineData("y ~ x + \"z\"", 8, "unexpected character '\"'")]
    [InlineData("y ~ _x", 4, "unexpected character '_'")]
    [InlineData("y ~ x % z", 6, "unexpected character '%'")]
    [InlineData("y ~ x + \u0007z", 8, "unexpected character U+0007")]
    [InlineData("y ~ \U0001D465", 4, "unexpected character U+1D465")]
    [InlineData("y ~ `x + z", 4, "never closed")]
    [InlineData("y ~ `` + z", 4, "empty backtick-quoted name")]
    [InlineData("y ~ 1.2.3", 4, "'1.2.3' is not a number")]
    public void Unknown_characters_and_bad_tokens(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Theory]
    [InlineData("y ~ 2 + x", 4, "'2' is not a term")]
    [InlineData("y ~ x + (2 | g)", 9, "'2' is not a term")]
    [InlineData("y ~ 1:a", 4, "'1' cannot be an operand of ':'")]
    [InlineData("y ~ a*0", 6, "'0' cannot be an operand of '*'")]
    [InlineData("y ~ 1/a", 4, "'1' cannot be an operand of '/'")]
    public void Numbers_other_than_a_lone_0_or_1(string text, int position, string problem)
    {
        Throws(text, Syntax, position, problem);
    }

    [Fact]
    public void Caret_stays_aligned_when_the_formula_spans_lines()
    {
        // '\n' and '\t' count as one character each and are shown as spaces.
        var error = Throws("y ~ x +\n\t* z", Syntax, 9, "expected a term after '+', found '*'");
        Assert.Equal(LmmErrorCategory.SyntaxError, error.Category);
    }

    [Fact]
    public void Parentheses_nested_past_the_limit_fail_cleanly()
    {
        var text = "y ~ " + new string('(', 101) + "x" + new string(')', 101);
        Throws(text, Syntax, 4 + 100, "nested more than 100 deep");
    }

    [Fact]
    public void Parentheses_nested_within_the_limit_parse()
    {
        var text = "y ~ " + new string('(', 100) + "x" + new string(')', 100);
        Assert.Equal("x", LmmPS.Core.Formulas.FormulaParser.Parse(text).FixedTerms.Single().Label);
    }
}
