namespace LmmPS.Core.Data;

/// <summary>An immutable table of equally long columns with unique, case-sensitive names.</summary>
public sealed class DataFrame
{
    private readonly Dictionary<string, Column> _byName;

    public DataFrame(IReadOnlyList<Column> columns)
    {
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        _byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Length != RowCount)
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows; expected {RowCount}.", nameof(columns));
            if (!_byName.ContainsKey(c.Name))
                _byName.Add(c.Name, c);
            else
                throw new ArgumentException($"Duplicate column name '{c.Name}'.", nameof(columns));
        }
    }

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount { get; }

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool TryGetColumn(string name, out Column column)
    {
        if (_byName.TryGetValue(name, out var c)) { column = c; return true; }
        column = null!;
        return false;
    }
}
