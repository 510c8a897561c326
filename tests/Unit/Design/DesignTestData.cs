using System.Globalization;
using System.Text.Json;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Design;

/// <summary>Loads the shared data sets without the CSV reader (written elsewhere): a plain split on ',' plus the
/// column types and R's level order from X.columns.json. Empty field = missing.</summary>
internal static class DesignTestData
{
    private static readonly Dictionary<string, DataFrame> Cache = new(StringComparer.Ordinal);

    /// <summary>The folder holding data/ and reference/.</summary>
    public static string Root => TestData.RootDirectory;

    public static DataFrame Load(string dataset)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(dataset, out var frame))
            {
                frame = Read(Path.Combine(Root, "data", dataset + ".csv"), Path.Combine(Root, "data", dataset + ".columns.json"));
                Cache.Add(dataset, frame);
            }
            return frame;
        }
    }

    /// <summary>The raw text fields of one column, for checks independent of the typed columns.</summary>
    public static string[] RawField(string dataset, string column)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "data", dataset + ".csv"));
        int index = Array.IndexOf(lines[0].Split(','), column);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[index]).ToArray();
    }

    private static DataFrame Read(string csvPath, string jsonPath)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var lines = File.ReadAllLines(csvPath).Where(l => l.Length > 0).ToArray();
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();

        var columns = new List<Column>();
        foreach (var spec in meta.RootElement.GetProperty("columns").EnumerateArray())
        {
            string name = spec.GetProperty("name").GetString()!;
            string type = spec.GetProperty("type").GetString()!;
            int index = Array.IndexOf(header, name);
            var fields = rows.Select(r => r[index]).ToArray();
            if (type is "factor" or "ordered_factor")
            {
                var levels = spec.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToArray();
                var lookup = levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
                var codes = fields.Select(f => f.Length == 0 ? -1 : lookup[f]).ToArray();
                columns.Add(new CategoricalColumn(name, codes, levels, type == "ordered_factor"));
            }
            else
            {
                var values = fields.Select(f => f.Length == 0 ? double.NaN : double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                columns.Add(new NumericColumn(name, values));
            }
        }
        return new DataFrame(columns);
    }
}
