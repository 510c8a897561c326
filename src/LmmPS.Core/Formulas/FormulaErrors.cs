using System.Text;
using LmmPS.Core.Common;

namespace LmmPS.Core.Formulas;

/// <summary>Builds the two formula exceptions. Every message ends with the formula (up to 80 characters either side of
/// the error) and a caret under the offending character, because a position number alone is hard to count off in a
/// long formula.</summary>
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
        var (shown, caret) = Window(text, position);
        var message = $"{title} at position {position}: {MessageText.Cut(MessageText.Printable(problem), MaxProblemLength)}\n  {shown}\n  {new string(' ', caret)}^";
        return new LmmException(errorId, category, message) { Position = position };
    }

    /// <summary>Characters of the formula shown on each side of the error position: a 20,000-term formula made a
    /// 248,000-character message (issue 17); the rest is replaced by a count.</summary>
    internal const int WindowRadius = 80;

    private const int MaxProblemLength = 300;

    /// <summary>The part of the formula around <paramref name="position"/>, printable, and the caret's column in it.</summary>
    private static (string Shown, int Caret) Window(string text, int position)
    {
        int start = Math.Max(0, Math.Min(position, text.Length) - WindowRadius);
        int end = Math.Min(text.Length, Math.Max(position, 0) + WindowRadius);
        var builder = new StringBuilder();
        if (start > 0)
            builder.Append($"({start} characters) ...");
        int caret = builder.Length;
        for (int i = start; i < end; i++)
        {
            if (i == position)
                caret = builder.Length;
            builder.Append(MessageText.Printable(text[i].ToString()));
        }
        if (position >= end)
            caret = builder.Length + (position - end);
        if (end < text.Length)
            builder.Append($"... ({text.Length - end} more characters)");
        return (builder.ToString(), caret);
    }
}
