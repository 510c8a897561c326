namespace LmmPS.Core.Data;

/// <summary>Builds a <see cref="DataFrame"/> row by row from loosely typed values (strings, numbers, booleans,
/// null), as the module receives them from pipeline objects. Typing follows the same rules as CSV.</summary>
public sealed class DataFrameBuilder
{
    public DataFrameBuilder(DataReadOptions? options = null) => throw new NotImplementedException();

    /// <summary>Adds one row; <paramref name="values"/> maps column name to value. The first row fixes the column
    /// set and order; a later row missing a column gets a missing value there; a new name in a later row is an error.</summary>
    public void AddRow(IEnumerable<KeyValuePair<string, object?>> values) => throw new NotImplementedException();

    public int RowCount => throw new NotImplementedException();

    public DataFrame Build() => throw new NotImplementedException();
}
