using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Formulas;

/// <summary>Formula function calls (issue 19) become variables named by R's deparse of the call: the spacing rules
/// and examples are those of the shared folder's reference/FORMULA_FEATURES.md ("Names"), which records what R prints.</summary>
public class FormulaFunctionTests
{
    [Theory]
    [InlineData("y ~ I(Days-4.5)", "I(Days - 4.5)")]
    [InlineData("y ~ poly(Days,2)", "poly(Days, 2)")]
    [InlineData("y ~ log(schavg+2)", "log(schavg + 2)")]
    [InlineData("y ~ I(x^2)", "I(x^2)")]
    [InlineData("y ~ I(1/x)", "I(1/x)")]
    [InlineData("y ~ I(x/2+1)", "I(x/2 + 1)")]
    [InlineData("y ~ sqrt(Days+1)", "sqrt(Days + 1)")]
    [InlineData("y ~ scale(x,scale=FALSE)", "scale(x, scale = FALSE)")]
    [InlineData("y ~ I(x ** 2)", "I(x^2)")]
    [InlineData("y ~ I((a+b)*c)", "I((a + b) * c)")]
    [InlineData("y ~ I(-x)", "I(-x)")]
    public void A_call_is_named_as_R_deparses_it(string formula, string label)
    {
        var parsed = FormulaParser.Parse(formula);
        Assert.Equal(label, Assert.Single(parsed.FixedTerms).Label);
        Assert.True(parsed.IsComputed(label));
    }

    [Fact]
    public void The_same_call_in_both_parts_is_one_variable()
    {
        var parsed = FormulaParser.Parse("y ~ scale(Days) + (1 + scale( Days ) | g)");
        Assert.Equal(new[] { "y", "scale(Days)", "g" }, parsed.Variables);
        Assert.Equal(new[] { "y", "Days", "g" }, parsed.DataColumns);
    }

    [Fact]
    public void The_response_may_be_a_call_and_an_offset_is_not_a_term()
    {
        var parsed = FormulaParser.Parse("log(Reaction) ~ Days + offset(0.5*year) + (1 | g)");
        Assert.Equal("log(Reaction)", parsed.Response);
        Assert.Equal(new[] { "Days" }, parsed.FixedTerms.Select(t => t.Label));
        Assert.Equal(new[] { "offset(0.5 * year)" }, parsed.Offsets);
        Assert.Contains("offset(0.5 * year)", parsed.Variables);
        Assert.Equal(new[] { "Reaction", "Days", "g", "year" }, parsed.DataColumns);
    }

    [Fact]
    public void Interactions_of_calls_join_labels_with_a_colon()
    {
        var parsed = FormulaParser.Parse("y ~ poly(Time, 3) * Diet");
        Assert.Equal(new[] { "poly(Time, 3)", "Diet", "poly(Time, 3):Diet" }, parsed.FixedTerms.Select(t => t.Label));
    }
}
