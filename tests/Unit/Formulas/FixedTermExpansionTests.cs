using LmmPS.Core.Formulas;
using static LmmPS.Tests.Formulas.FormulaShapes;

namespace LmmPS.Tests.Formulas;

/// <summary>Fixed-effects expansion. Every expectation is what R 4.x gives for
/// <c>attr(terms(f), "term.labels")</c> and <c>attr(terms(f), "intercept")</c>: terms ordered by the number of
/// variables, then by first appearance; a term's variables in the order the variables first appear in the
/// formula (response first).</summary>
public class FixedTermExpansionTests
{
    [Theory]
    [InlineData("y ~ x1 + x2", true, new[] { "x1", "x2" })]
    [InlineData("y ~ x", true, new[] { "x" })]
    [InlineData("y ~ 1", true, new string[0])]
    [InlineData("y ~ 0", false, new string[0])]
    [InlineData("y ~ 1 + x", true, new[] { "x" })]
    [InlineData("y ~ x + 1", true, new[] { "x" })]
    [InlineData("y ~ 0 + x", false, new[] { "x" })]
    [InlineData("y ~ x + 0", false, new[] { "x" })]
    [InlineData("y ~ x - 1", false, new[] { "x" })]
    [InlineData("y ~ -1 + x", false, new[] { "x" })]
    [InlineData("y ~ + x", true, new[] { "x" })]
    // R keeps the last word on the intercept: '0 + x + 1' has one.
    [InlineData("y ~ 0 + x + 1", true, new[] { "x" })]
    // Removing 0 puts the intercept back (R flips the meaning of 0 and 1 inside '-').
    [InlineData("y ~ 0 + x - 0", true, new[] { "x" })]
    // ... and removing a sum that contains 1 drops it.
    [InlineData("y ~ a + b - (1 + b)", false, new[] { "a" })]
    // Parentheses do not scope the intercept in R: the 0 inside still removes it.
    [InlineData("y ~ (0 + x)", false, new[] { "x" })]
    [InlineData("y ~ 1.0 + x", true, new[] { "x" })]
    public void Intercept_and_main_effects(string text, bool intercept, string[] labels)
    {
        var formula = FormulaParser.Parse(text);
        Assert.Equal(intercept, formula.HasIntercept);
        Assert.Equal(labels, FixedLabels(formula));
    }

    [Theory]
    [InlineData("y ~ a:b", new[] { "a:b" })]
    [InlineData("y ~ a*b + c", new[] { "a", "b", "c", "a:b" })]
    [InlineData("y ~ a*b", new[] { "a", "b", "a:b" })]
    [InlineData("y ~ a*b*c", new[] { "a", "b", "c", "a:b", "a:c", "b:c", "a:b:c" })]
    [InlineData("y ~ a*b*c - a:b:c", new[] { "a", "b", "c", "a:b", "a:c", "b:c" })]
    [InlineData("y ~ a*(b + c)", new[] { "a", "b", "c", "a:b", "a:c" })]
    [InlineData("y ~ (a + b):c", new[] { "a:c", "b:c" })]
    // R's InteractTerms pairs every left term with every right term, the left one varying slowest.
    [InlineData("y ~ (a + b):(c + d)", new[] { "a:c", "a:d", "b:c", "b:d" })]
    [InlineData("y ~ (a*b):c", new[] { "a:c", "b:c", "a:b:c" })]
    [InlineData("y ~ a/b", new[] { "a", "a:b" })]
    [InlineData("y ~ a/b/c", new[] { "a", "a:b", "a:b:c" })]
    [InlineData("y ~ (a + b)/c", new[] { "a", "b", "a:b:c" })]
    [InlineData("y ~ a/(b + c)", new[] { "a", "a:b", "a:c" })]
    [InlineData("y ~ a*b - a:b", new[] { "a", "b" })]
    [InlineData("y ~ a*b - (a + b)", new[] { "a:b" })]
    [InlineData("y ~ a - a", new string[0])]
    [InlineData("y ~ a + a + b", new[] { "a", "b" })]
    [InlineData("y ~ a:a", new[] { "a" })]
    // Interactions are sets: b:a repeats a:b and is dropped.
    [InlineData("y ~ a:b + b:a", new[] { "a:b" })]
    [InlineData("y ~ a:b - b:a", new string[0])]
    [InlineData("y ~ a:b:c + c + a", new[] { "c", "a", "a:b:c" })]
    // Variables are labelled in order of first appearance: here b comes first ...
    [InlineData("y ~ b:a + a", new[] { "a", "b:a" })]
    // ... and here a does, so R prints a:b although b:a was written.
    [InlineData("y ~ a + b:a", new[] { "a", "a:b" })]
    public void Interactions_crossing_nesting_and_removal(string text, string[] labels)
    {
        var formula = FormulaParser.Parse(text);
        Assert.True(formula.HasIntercept);
        Assert.Equal(labels, FixedLabels(formula));
        Assert.Empty(formula.RandomTerms);
    }

    [Fact]
    public void Variables_of_a_term_keep_their_names_and_order()
    {
        var formula = FormulaParser.Parse("y ~ b:a:c");
        Assert.Equal(new[] { "b", "a", "c" }, formula.FixedTerms.Single().Variables);
        Assert.Equal(3, formula.FixedTerms.Single().Order);
    }

    [Fact]
    public void Names_may_hold_dots_digits_underscores_and_backtick_quoting()
    {
        var formula = FormulaParser.Parse("`log yield` ~ x.1 + .hidden + snake_case2 + `my col`:`a-b` + ..x");
        Assert.Equal("log yield", formula.Response);
        Assert.Equal(new[] { "x.1", ".hidden", "snake_case2", "..x", "my col:a-b" }, FixedLabels(formula));
    }

    [Fact]
    public void Whitespace_and_line_breaks_are_ignored_and_the_text_is_kept_verbatim()
    {
        const string text = "  y~x\n\t+ z  ";
        var formula = FormulaParser.Parse(text);
        Assert.Equal(text, formula.Text);
        Assert.Equal("y", formula.Response);
        Assert.Equal(new[] { "x", "z" }, FixedLabels(formula));
    }

    [Fact]
    public void Random_terms_are_taken_out_of_the_fixed_part_wherever_they_stand()
    {
        var formula = FormulaParser.Parse("y ~ x + (1 | g) + z");
        Assert.Equal(new[] { "x", "z" }, FixedLabels(formula));
        Assert.True(formula.HasIntercept);
        Assert.Equal(new[] { "1 | g" }, RandomShapes(formula));
    }

    [Fact]
    public void Variables_lists_response_fixed_random_and_grouping_columns_once()
    {
        var formula = FormulaParser.Parse("y ~ x*z + (x | g) + (1 | g:h)");
        Assert.Equal(new[] { "y", "x", "z", "g", "h" }, formula.Variables);
    }
}
