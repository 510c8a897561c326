using System.Text;
using LmmPS.Core.Common;

namespace LmmPS.Core.Formulas;

/// <summary>Builds the two formula exceptions. Every message ends with the formula and a caret under the
/// offending character, because a position number alone is hard to count off in a long formula.</summary>
internal static class FormulaErrors
{
    public const string SyntaxErrorId = "FormulaSyntaxError";
    public const string UnsupportedErrorId = "UnsupportedFormulaConstruct";

    public static LmmException Syntax(string text, int position, string problem) =>
        Build(SyntaxErrorId, LmmErrorCategory.SyntaxError, "Formula syntax error", text, position, problem);

    public static LmmException Unsupported(string text, int position, string problem) =>
        Build(UnsupportedErrorId, LmmErrorCategory.NotImplemented, "Unsupported formula construct", text, position, problem);

    private static LmmException Build(string errorId, LmmErrorCategory category, string title, string text, int position, string problem)
    {
        var message = $"{title} at position {position}: {Printable(problem)}\n  {Printable(text)}\n  {new string(' ', position)}^";
        return new LmmException(errorId, category, message) { Position = position };
    }

    /// <summary>Tabs and line breaks become spaces so the caret line stays aligned with the formula line.</summary>
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
