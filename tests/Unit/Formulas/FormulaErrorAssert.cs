using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Formulas;

internal static class FormulaErrorAssert
{
    /// <summary>Parses <paramref name="text"/>, expecting an <see cref="LmmException"/> with the given id and
    /// position whose message names the position and ends with the formula and a caret under that position.</summary>
    public static LmmException Throws(string text, string errorId, int position, string messagePart)
    {
        var error = Assert.Throws<LmmException>(() => FormulaParser.Parse(text));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(position, error.Position);

        var lines = error.Message.Split('\n');
        Assert.Equal(3, lines.Length);
        var title = errorId == "FormulaSyntaxError" ? "Formula syntax error" : "Unsupported formula construct";
        Assert.StartsWith($"{title} at position {position}: ", lines[0]);
        Assert.Contains(messagePart, lines[0]);
        // Issue 17: whitespace controls print as spaces, other controls and bidi formatting characters as U+XXXX;
        // the caret sits under the printed form of the character at the position.
        string Shown(char c) => char.IsControl(c) && char.IsWhiteSpace(c) ? " "
            : char.IsControl(c) || c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                ? $"U+{(int)c:X4}" : c.ToString();
        if (text.Length <= 80)
        {
            Assert.Equal("  " + string.Concat(text.Select(Shown)), lines[1]);
            Assert.Equal("  " + new string(' ', string.Concat(text.Take(position).Select(Shown)).Length) + "^", lines[2]);
        }
        else
        {
            // A long formula is shown 80 characters either side of the position, the rest counted.
            int caret = lines[2].IndexOf('^');
            Assert.Equal(new string(' ', caret) + "^", lines[2]);
            Assert.True(lines[1].Length < 2 * 80 * 6 + 80, $"formula line of {lines[1].Length} characters");
            if (position < text.Length)
                Assert.StartsWith(Shown(text[position]), lines[1].Substring(caret));
        }
        return error;
    }
}
