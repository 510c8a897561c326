using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>Builds the <see cref="LmmException"/>s of the data layer so every reader reports the same ErrorIds
/// with the location properties filled in.</summary>
internal static class DataErrors
{
    public static LmmException Create(string errorId, LmmErrorCategory category, string message,
        string? column = null, long? row = null, string? path = null, Exception? inner = null) =>
        new(errorId, category, message, inner) { Column = column, Row = row, Path = path };

    /// <summary>Quotes a user value for a message, shortened so a huge field cannot flood the log.</summary>
    public static string Show(string value)
    {
        const int MaxShown = 60;
        var shown = value.Length <= MaxShown ? value : value.Substring(0, MaxShown) + "...";
        return "'" + shown.Replace("\r", "\\r").Replace("\n", "\\n") + "'";
    }

    /// <summary>" in 'source'" for messages, or nothing when the data did not come from a named source.</summary>
    public static string InSource(string? source) => source is null ? "" : $" in '{source}'";
}
