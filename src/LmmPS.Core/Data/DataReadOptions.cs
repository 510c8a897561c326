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

    /// <summary>Field values that mean "missing", besides the empty field.</summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = new[] { "NA" };
}
