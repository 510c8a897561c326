using System.Collections;
using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Conversion;

/// <summary>
/// Collects pipeline rows (already split into name/value pairs by the cmdlet, which is the only place that knows
/// PSObject) into a <see cref="DataFrame"/>. Row numbers in errors are 1-based positions in the pipeline.
/// </summary>
public sealed class PipelineRowReader
{
    private readonly DataReadOptions _options;
    private DataFrameBuilder? _builder;

    public PipelineRowReader(DataReadOptions options) => _options = options;

    /// <summary>Rows added so far.</summary>
    public int RowCount { get; private set; }

    public void AddRow(IEnumerable<KeyValuePair<string, object?>> values)
    {
        long row = RowCount + 1;
        var normalized = new List<KeyValuePair<string, object?>>();
        foreach (var pair in values)
            normalized.Add(new KeyValuePair<string, object?>(pair.Key, RowValueNormalizer.Normalize(pair.Value, pair.Key, row)));
        if (normalized.Count == 0)
        {
            throw new LmmException("EmptyInputObject", LmmErrorCategory.InvalidData,
                $"Pipeline row {row} has no properties. Pipe objects with one property per column (for example from Import-Csv).")
            {
                Row = row,
            };
        }
        // Created at the first row, so an empty pipeline reports EmptyPipeline rather than a builder failure.
        _builder ??= new DataFrameBuilder(_options);
        _builder.AddRow(normalized);
        RowCount++;
    }

    public DataFrame Build()
    {
        if (_builder is null || RowCount == 0)
        {
            throw new LmmException("EmptyPipeline", LmmErrorCategory.InvalidData,
                "No rows came through the pipeline. Pipe rows (for example Import-Csv data.csv | ...) or use -Path.");
        }
        return _builder.Build();
    }

    /// <summary>The name/value pairs of a dictionary row (a hashtable piped in): its keys are the columns.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> PairsOf(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
            yield return new KeyValuePair<string, object?>(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
    }
}
