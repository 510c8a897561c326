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
        Assert.Equal("  " + new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()), lines[1]);
        Assert.Equal("  " + new string(' ', position) + "^", lines[2]);
        return error;
    }
}
