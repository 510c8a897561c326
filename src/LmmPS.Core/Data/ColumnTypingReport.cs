using System.Globalization;

namespace LmmPS.Core.Data;

/// <summary>How one column of the model was typed, for -Verbose, and a warning when the typing is suspicious.</summary>
public sealed class ColumnTypingNote
{
    public ColumnTypingNote(string column, string description, string? warning)
    {
        Column = column;
        Description = description;
        Warning = warning;
    }

    public string Column { get; }

    /// <summary>E.g. <c>Days: numeric, 0 to 9, no missing values</c> or <c>Subject: factor, 18 levels (308, 309, ...)</c>.</summary>
    public string Description { get; }

    /// <summary>Set when an automatically typed factor is numeric in at least 90% of its non-missing rows: one typo
    /// (<c>2O</c> for <c>20</c>) would otherwise turn a covariate into a factor without a word.</summary>
    public string? Warning { get; }
}

/// <summary>
/// Describes the columns a model uses as they were typed (kind, range or levels, missing values) and the rows
/// dropped for missing values, so -Verbose shows what the reader decided; flags the factor that is almost all numbers.
/// </summary>
public static class ColumnTypingReport
{
    /// <summary>At least this share of a factor's non-missing values being numbers draws the warning.</summary>
    public const double NumericShareForWarning = 0.9;

    private const int LevelsShown = 6;

    public static IReadOnlyList<ColumnTypingNote> Describe(DataFrame data, IEnumerable<string> used, DataReadOptions? options)
    {
        var numbers = NumberText.WithDecimalSeparator(options?.DecimalSeparator ?? '.');
        var notes = new List<ColumnTypingNote>();
        foreach (var name in used.Distinct(StringComparer.Ordinal))
        {
            if (!data.TryGetColumn(name, out var column))
                continue;
            bool automatic = options?.ColumnKinds is null || !options.ColumnKinds.ContainsKey(name);
            notes.Add(column switch
            {
                NumericColumn numeric => new ColumnTypingNote(name, DescribeNumeric(numeric, automatic), null),
                CategoricalColumn factor => new ColumnTypingNote(name, DescribeFactor(factor, automatic), automatic ? NumericFactorWarning(factor, numbers) : null),
                _ => new ColumnTypingNote(name, $"{name}: {column.GetType().Name}", null),
            });
        }
        return notes;
    }

    /// <summary>"N rows dropped: missing Reaction (2), Days (1)" (each dropped row counted once, at the first used
    /// column it misses), or null when no row was dropped.</summary>
    public static string? DroppedRows(DataFrame data, IEnumerable<string> used)
    {
        var columns = used.Distinct(StringComparer.Ordinal).Select(n => data.TryGetColumn(n, out var c) ? c : null).Where(c => c is not null).ToArray();
        var counts = new int[columns.Length];
        int dropped = 0;
        for (int row = 0; row < data.RowCount; row++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                if (!columns[c]!.IsMissing(row))
                    continue;
                counts[c]++;
                dropped++;
                break;
            }
        }
        if (dropped == 0)
            return null;
        var why = columns.Select((c, i) => (c!.Name, counts[i])).Where(p => p.Item2 > 0).Select(p => $"{p.Name} ({p.Item2.ToString(CultureInfo.InvariantCulture)})");
        return $"{dropped.ToString(CultureInfo.InvariantCulture)} of {data.RowCount.ToString(CultureInfo.InvariantCulture)} rows dropped for a missing value: {string.Join(", ", why)}.";
    }

    private static string DescribeNumeric(NumericColumn column, bool automatic)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int missing = 0;
        foreach (var v in column.Values)
        {
            if (double.IsNaN(v)) { missing++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
        }
        string range = missing == column.Length ? "no values" : $"{min.ToString("G6", CultureInfo.InvariantCulture)} to {max.ToString("G6", CultureInfo.InvariantCulture)}";
        return $"{column.Name}: numeric{(automatic ? string.Empty : " (-Numeric)")}, {range}, {Missing(missing)}";
    }

    private static string DescribeFactor(CategoricalColumn column, bool automatic)
    {
        int missing = 0;
        foreach (var code in column.Codes)
            if (code < 0) missing++;
        var shown = column.Levels.Take(LevelsShown).Select(l => l.Length > 20 ? l.Substring(0, 20) + "..." : l);
        string more = column.Levels.Count > LevelsShown ? ", ..." : string.Empty;
        string kind = column.IsOrdered ? "ordered factor" : "factor";
        string why = automatic ? string.Empty : column.IsOrdered ? " (-Ordered)" : " (-Categorical)";
        return $"{column.Name}: {kind}{why}, {column.Levels.Count.ToString(CultureInfo.InvariantCulture)} levels ({string.Join(", ", shown)}{more}), {Missing(missing)}";
    }

    private static string? NumericFactorWarning(CategoricalColumn column, NumberFormatInfo numbers)
    {
        var levelIsNumber = column.Levels.Select(l => NumberText.Classify(l, out _, numbers) == NumberTextKind.Finite).ToArray();
        int present = 0, numeric = 0, firstOther = -1;
        var codes = column.Codes;
        for (int row = 0; row < codes.Length; row++)
        {
            int code = codes[row];
            if (code < 0) continue;
            present++;
            if (levelIsNumber[code]) numeric++;
            else if (firstOther < 0) firstOther = row;
        }
        if (present == 0 || firstOther < 0 || numeric < NumericShareForWarning * present)
            return null;
        return string.Format(CultureInfo.InvariantCulture,
            "Column '{0}' was read as a factor with {1} levels, but {2} of its {3} values ({4:0.#}%) are numbers; data row {5} holds {6}. " +
            "Fix that value, or name the column in -Numeric (a non-number is then an error) or -Categorical (a factor, without this warning).",
            column.Name, column.Levels.Count, numeric, present, 100.0 * numeric / present, firstOther + 1, DataErrors.Show(column.Levels[codes[firstOther]]));
    }

    private static string Missing(int count) =>
        count == 0 ? "no missing values" : count == 1 ? "1 missing value" : $"{count.ToString(CultureInfo.InvariantCulture)} missing values";
}
