using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Hardening;

/// <summary>Issue 17 item 10: an error message is never longer than 2,000 characters plus its cut note, however it
/// was built (a 20,000-term formula's message was 248,000 characters).</summary>
public class MessageLengthTests
{
    [Fact]
    public void A_long_message_is_cut_with_the_count_of_what_was_cut()
    {
        var e = new LmmException("Test", LmmErrorCategory.InvalidData, new string('a', 2000) + new string('b', 5000));
        Assert.Equal(new string('a', 2000) + "... (5000 more characters cut)", e.Message);
        var kept = new LmmException("Test", LmmErrorCategory.InvalidData, new string('c', 2000));
        Assert.Equal(2000, kept.Message.Length);
    }

    [Fact]
    public void A_formula_with_20000_unknown_columns_gives_a_message_of_bounded_length()
    {
        string formula = "y ~ " + string.Join(" + ", Enumerable.Range(0, 20000).Select(i => "x" + i)) + " + (1 | g)";
        var data = LmmPS.Tests.Design.FrameFactory.Frame(LmmPS.Tests.Design.FrameFactory.Numeric("y", 1, 2, 3));
        var e = Assert.Throws<LmmException>(() => LmmPS.Core.Design.DesignBuilder.Build(FormulaParser.Parse(formula), data));
        Assert.True(e.Message.Length <= 2000 + 40, $"{e.Message.Length} characters");
    }

    [Fact]
    public void Control_and_bidirectional_characters_in_a_value_are_shown_as_code_points()
    {
        Assert.Equal("'a U+202Eb'", MessageText.QuotedValue("a\u0007\u202Eb".Replace("\u0007", " ")));
        Assert.Equal("'aU+0007b'", MessageText.QuotedValue("a\u0007b"));
    }
}
