using System.Text;

namespace LmmPS.Core.Common;

/// <summary>How user text (formulas, data values) and whole messages are shown in errors: cut to a length with a count
/// of what was cut, and invisible characters made visible.</summary>
internal static class MessageText
{
    /// <summary>Longest error message kept whole (<see cref="LmmException"/> cuts longer ones): long enough for every
    /// message that lists a model's terms or columns, short enough that a 20,000-term formula's error (248,000
    /// characters before issue 17) stays readable.</summary>
    public const int MaxMessageLength = 2000;

    public static string Cut(string text, int max) =>
        text.Length <= max ? text : text.Substring(0, max) + $"... ({text.Length - max} more characters cut)";

    /// <summary>Tabs and line breaks become spaces (a caret line under the text stays aligned); other control
    /// characters and the invisible bidirectional formatting characters (which can make text display differently from
    /// what it is) are shown as U+XXXX.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) && char.IsWhiteSpace(c))
                builder.Append(' ');
            else if (char.IsControl(c) || IsBidiControl(c))
                builder.Append($"U+{(int)c:X4}");
            else
                builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A data value for a message: printable, at most 60 characters, in single quotes.</summary>
    public static string QuotedValue(string value) => "'" + Cut(Printable(value), 60) + "'";

    private static bool IsBidiControl(char c) =>
        c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
