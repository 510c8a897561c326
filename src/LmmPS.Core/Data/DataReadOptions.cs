namespace LmmPS.Core.Data;

/// <summary>Options for turning text or objects into a <see cref="DataFrame"/>.</summary>
public sealed class DataReadOptions
{
    /// <summary>Field delimiter for CSV input.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Per-column type overrides (column name to kind). Columns not named are <see cref="ColumnKind.Auto"/>.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Per-column explicit level order for categorical columns. Levels present in the data but not listed are an error.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LevelOrders { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The decimal separator of numbers in text fields: '.' (invariant, the default) or a culture's, e.g. ','
    /// for de-DE. Numbers never have group separators.</summary>
    public char DecimalSeparator { get; init; } = '.';

    /// <summary>The text encoding of a file; null reads UTF-8 (a byte order mark selects UTF-16/32) and rejects
    /// invalid UTF-8 with InvalidEncoding, naming the line and byte offset.</summary>
    public System.Text.Encoding? Encoding { get; init; }

    /// <summary>Field values that mean "missing", besides the empty field.</summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = new[] { "NA" };
}
