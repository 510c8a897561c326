using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Formulas;

/// <summary>Issue 17 items 10-11: pathological formulas are handled in linear time and their error messages stay
/// short. Before: 20,000 '+' terms took 13 s (the term list was copied at every '+'), a 20,000-way ':' chain 18 s,
/// and a 20,000-term formula's error message was 248,000 characters (the whole formula and a caret line).
/// (No timing assertion: the work counted here is the message size and the outcome; bench/ times things.)</summary>
public class PathologicalFormulaTests
{
    private static string Chain(int count, string separator) =>
        "y ~ " + string.Join(separator, Enumerable.Range(0, count).Select(i => $"x{i}"));

    [Fact]
    public void Nine_thousand_plus_terms_expand_and_twenty_thousand_are_refused_with_a_short_message()
    {
        var formula = FormulaParser.Parse(Chain(9_000, " + "));
        Assert.Equal(9_000, formula.FixedTerms.Count);
        var e = Assert.Throws<LmmException>(() => FormulaParser.Parse(Chain(20_000, " + ")));
        Assert.Equal("UnsupportedFormulaConstruct", e.ErrorId);
        Assert.Contains("more than 10000 terms", e.Message);
        Assert.True(e.Message.Length < 600, $"message of {e.Message.Length} characters");
        Assert.Contains("more characters)", e.Message);
    }

    [Fact]
    public void A_twenty_thousand_way_interaction_is_refused_where_it_passes_64_variables()
    {
        string text = Chain(20_000, ":");
        var e = Assert.Throws<LmmException>(() => FormulaParser.Parse(text));
        Assert.Equal("UnsupportedFormulaConstruct", e.ErrorId);
        Assert.Contains("interaction of more than 64 variables", e.Message);
        // The 65th variable's ':' : after "y ~ x0:x1:...:x63".
        Assert.Equal(Chain(64, ":").Length, e.Position);
        Assert.True(e.Message.Length < 600, $"message of {e.Message.Length} characters");
        // A 64-way interaction is still one term.
        Assert.Single(FormulaParser.Parse(Chain(64, ":")).FixedTerms);
    }

    [Fact]
    public void Bidirectional_and_control_characters_are_shown_as_code_points_with_the_caret_under_the_error()
    {
        // U+202E (right-to-left override) would make the formula print differently from what was parsed.
        var e = Assert.Throws<LmmException>(() => FormulaParser.Parse("y ~ x +\u202E"));
        var lines = e.Message.Split('\n');
        Assert.Equal("  y ~ x +U+202E", lines[1]);
        Assert.Equal(7, e.Position);
        Assert.Equal("  " + new string(' ', 7) + "^", lines[2]);
    }
}
