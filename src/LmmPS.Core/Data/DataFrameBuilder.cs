using System.Globalization;
using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>Builds a <see cref="DataFrame"/> row by row from loosely typed values (strings, numbers, booleans,
/// null), as the module receives them from pipeline objects. Typing follows the same rules as CSV.</summary>
public sealed class DataFrameBuilder
{
    private const string Source = "the input objects";

    private readonly ColumnRules _rules;
    private ColumnAccumulator[]? _columns;
    private Dictionary<string, int>? _columnIndex;
    private bool[]? _setInRow;
    private bool _built;

    public DataFrameBuilder(DataReadOptions? options = null) => _rules = new ColumnRules(options);

    /// <summary>Adds one row; <paramref name="values"/> maps column name to value. The first row fixes the column
    /// set and order; a later row missing a column gets a missing value there; a new name in a later row is an error.</summary>
    /// <remarks>Values: null, DBNull, an empty or whitespace string, or a missing token are missing; strings are typed
    /// like CSV fields; integer, floating and decimal numbers are numbers (NaN and infinity are refused, NaN meaning
    /// missing inside the engine); booleans are the labels "FALSE"/"TRUE" (R's spelling, so they make a factor);
    /// anything else is its invariant-culture text.</remarks>
    public void AddRow(IEnumerable<KeyValuePair<string, object?>> values)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        if (_built) throw new InvalidOperationException("Build() has already been called; create a new DataFrameBuilder for more rows.");
        if (_columns is null) { StartColumns(values); return; }

        long row = RowCount + 1L;
        var set = _setInRow!;
        Array.Clear(set, 0, set.Length);
        foreach (var pair in values)
        {
            if (pair.Key is null || !_columnIndex!.TryGetValue(pair.Key, out var c))
                throw DataErrors.Create("UnexpectedColumn", LmmErrorCategory.InvalidData,
                    $"Input row {row} has a property '{pair.Key}' that the first row did not have (columns: {string.Join(", ", _columnIndex!.Keys)}). " +
                    "The first row fixes the columns: give every row the same properties (e.g. pipe through Select-Object).",
                    column: pair.Key, row: row, path: Source);
            if (set[c])
                throw DataErrors.Create("DuplicateColumnName", LmmErrorCategory.InvalidData,
                    $"Input row {row} gives column '{pair.Key}' twice. Give each property once.",
                    column: pair.Key, row: row, path: Source);
            set[c] = true;
            Add(_columns[c], pair.Value);
        }
        for (int c = 0; c < set.Length; c++)
            if (!set[c]) _columns[c].AddMissing();
    }

    public int RowCount => _columns is null ? 0 : _columns[0].Count;

    public DataFrame Build()
    {
        if (_columns is null || RowCount == 0)
            throw DataErrors.Create("NoDataRows", LmmErrorCategory.InvalidData,
                "No input rows were given. Pipe at least one object with the model's columns as properties.", path: Source);
        _built = true;
        return new DataFrame(_columns.Select(c => c.Build()).ToArray());
    }

    private void StartColumns(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var pairs = values.ToList();
        if (pairs.Count == 0)
            throw DataErrors.Create("NoColumns", LmmErrorCategory.InvalidData,
                "Input row 1 has no properties, so there are no columns. Give the first object the model's columns as properties.",
                row: 1, path: Source);
        var names = pairs.Select(p => p.Key).ToArray();
        ColumnNameCheck.Check(names, "input row 1", Source);
        var rules = _rules.Resolve(names, Source);
        _columns = new ColumnAccumulator[names.Length];
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            _columns[c] = new ColumnAccumulator(names[c], rules[c], Source);
            _columnIndex.Add(names[c], c);
        }
        _setInRow = new bool[names.Length];
        for (int c = 0; c < names.Length; c++) Add(_columns[c], pairs[c].Value);
    }

    private void Add(ColumnAccumulator column, object? value)
    {
        switch (value)
        {
            case null:
            case DBNull:
                column.AddMissing();
                return;
            case string s:
                AddText(column, s);
                return;
            case bool b:
                column.AddText(b ? "TRUE" : "FALSE");
                return;
            case double d:
                AddFloating(column, d);
                return;
            case float f:
                // The float's own shortest text ("0.1"), not that of its widened double ("0.10000000149011612").
                if (NumberText.IsFinite(f)) column.AddNumber(f, f.ToString("R", CultureInfo.InvariantCulture));
                else AddFloating(column, f);
                return;
            case decimal m:
                column.AddNumber((double)m, m.ToString(CultureInfo.InvariantCulture));
                return;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                var integer = (IConvertible)value;
                column.AddNumber(integer.ToDouble(CultureInfo.InvariantCulture), integer.ToString(CultureInfo.InvariantCulture));
                return;
            case IFormattable formattable:
                AddText(column, formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            default:
                AddText(column, value.ToString() ?? "");
                return;
        }
    }

    private void AddText(ColumnAccumulator column, string text)
    {
        if (_rules.IsMissing(text)) column.AddMissing();
        else column.AddText(text);
    }

    private static void AddFloating(ColumnAccumulator column, double value)
    {
        // Non-finite values take the text path so they get the same NonFiniteValue check (or label) as in a CSV.
        if (NumberText.IsFinite(value)) column.AddNumber(value, NumberText.Format(value));
        else column.AddText(double.IsNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf");
    }
}
