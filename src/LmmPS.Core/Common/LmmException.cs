namespace LmmPS.Core.Common;

/// <summary>
/// The one exception type the engine throws for anything a user can cause or fix: bad files, bad formulas,
/// unidentifiable models. <see cref="ErrorId"/> is a stable PascalCase id (docs/errors.md lists them);
/// the location properties say where the problem is so a runbook log is enough to fix the input. Messages longer
/// than <see cref="MessageText.MaxMessageLength"/> characters are cut here, with a count of what was cut, whatever
/// built them.
/// </summary>
public class LmmException : Exception
{
    public LmmException(string errorId, LmmErrorCategory category, string message, Exception? inner = null)
        : base(MessageText.Cut(message, MessageText.MaxMessageLength), inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>Stable PascalCase identifier, e.g. <c>FormulaSyntaxError</c>, <c>ColumnNotFound</c>.</summary>
    public string ErrorId { get; }

    public LmmErrorCategory Category { get; }

    /// <summary>The column concerned, when there is one.</summary>
    public string? Column { get; init; }

    /// <summary>1-based data row (header excluded) or file line, when there is one.</summary>
    public long? Row { get; init; }

    /// <summary>0-based character position in the formula text, when there is one.</summary>
    public int? Position { get; init; }

    /// <summary>The file concerned, when there is one.</summary>
    public string? Path { get; init; }
}
