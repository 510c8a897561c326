using System.Text.Json;
using LmmPS.Core.Data;

namespace LmmPS.Conformance;

/// <summary>Reads a <c>data/X.columns.json</c> schema into <see cref="DataReadOptions"/>: each column's type
/// and R's level order, which decides the reference level of a factor and hence the fixed-effect names.</summary>
public static class ColumnSchema
{
    /// <summary>The schema path beside a data file: <c>X.csv</c> -> <c>X.columns.json</c>.</summary>
    public static string PathFor(string dataFile) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(dataFile) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(dataFile) + ".columns.json");

    /// <summary>Read options for a data file: from its schema when there is one, otherwise all columns Auto.</summary>
    public static DataReadOptions OptionsFor(string dataFile)
    {
        string schema = PathFor(dataFile);
        return File.Exists(schema) ? Read(schema) : new DataReadOptions();
    }

    public static DataReadOptions Read(string schemaPath)
    {
        string fileName = System.IO.Path.GetFileName(schemaPath);
        using var doc = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var column in JsonRead.Objects(doc.RootElement, "columns"))
        {
            string name = JsonRead.RequiredString(column, "name", $"{fileName} columns[]");
            string type = JsonRead.String(column, "type") ?? "";
            kinds[name] = KindOf(type);
            if (kinds[name] is ColumnKind.Categorical or ColumnKind.OrderedCategorical && JsonRead.Has(column, "levels"))
                levels[name] = JsonRead.Strings(column, "levels");
        }
        return new DataReadOptions { ColumnKinds = kinds, LevelOrders = levels };
    }

    /// <summary>Maps the schema's R types to column kinds; an unknown type is left to the reader (Auto).</summary>
    public static ColumnKind KindOf(string schemaType) => schemaType switch
    {
        "numeric" or "integer" or "double" => ColumnKind.Numeric,
        "factor" or "character" or "logical" => ColumnKind.Categorical,
        "ordered_factor" or "ordered" => ColumnKind.OrderedCategorical,
        _ => ColumnKind.Auto,
    };
}
