using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Conversion;

/// <summary>Formula text + data -> <see cref="LmmDesign"/>. The formula is parsed before any data is read
/// (<see cref="ParseFormula"/>), so a typo fails at once instead of after reading a large file.</summary>
public static class DesignFactory
{
    public static Formula ParseFormula(string text) => FormulaParser.Parse(text);

    /// <param name="weights">The prior-weights column (-Weights), or null.</param>
    public static LmmDesign Create(Formula formula, DataFrame data, DataReadOptions options, string source,
        IReadOnlyDictionary<string, ContrastSpec>? contrasts = null, string? weights = null, CancellationToken cancellation = default)
    {
        ReadOptionsFactory.EnsureColumnsExist(data, options, source);
        return new LmmDesign(DesignBuilder.Build(formula, data, contrasts, weights, cancellation), source, options);
    }

    public static LmmDesign ReadFile(Formula formula, string path, DataReadOptions options, IReadOnlyDictionary<string, ContrastSpec>? contrasts = null,
        string? weights = null) =>
        Create(formula, CsvDataReader.ReadFile(path, options), options, path, contrasts, weights);

    /// <summary>-Contrasts: column name -> coding text (<c>Sum</c>, <c>Treatment:b</c>, ...); an unknown coding or a
    /// key that is not a name is an InvalidContrast error naming the column.</summary>
    public static IReadOnlyDictionary<string, ContrastSpec> ParseContrasts(System.Collections.IDictionary table)
    {
        var result = new Dictionary<string, ContrastSpec>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in table)
        {
            string column = entry.Key?.ToString() ?? "";
            result[column] = ContrastSpec.Parse(column, System.Management.Automation.LanguagePrimitives.ConvertTo<string>(entry.Value));
        }
        return result;
    }

    /// <summary>The recorded form <c>column=Coding</c> (<see cref="LmmDesign.Contrasts"/>) read back.</summary>
    public static IReadOnlyDictionary<string, ContrastSpec>? ParseRecordedContrasts(IEnumerable<string> recorded)
    {
        var result = new Dictionary<string, ContrastSpec>(StringComparer.Ordinal);
        foreach (var item in recorded)
        {
            int eq = item.IndexOf('=');
            if (eq > 0)
                result[item.Substring(0, eq)] = ContrastSpec.Parse(item.Substring(0, eq), item.Substring(eq + 1));
        }
        return result.Count == 0 ? null : result;
    }

    public static DataFrame ReadData(string path, DataReadOptions options) => CsvDataReader.ReadFile(path, options);

    /// <summary>How the formula's columns were typed (one line each) and the rows dropped, for -Verbose; and the
    /// warnings about factors that are almost all numbers. Computed before the design is built, so a typo that makes
    /// the design fail is still pointed at.</summary>
    public static (IReadOnlyList<string> Verbose, IReadOnlyList<string> Warnings) DescribeTyping(Formula formula, DataFrame data, DataReadOptions options)
    {
        var variables = formula.DataColumns.ToArray();
        var notes = ColumnTypingReport.Describe(data, variables, options);
        var verbose = notes.Select(n => n.Description).ToList();
        if (ColumnTypingReport.DroppedRows(data, variables) is { } dropped)
            verbose.Add(dropped);
        return (verbose, notes.Where(n => n.Warning is not null).Select(n => n.Warning!).ToArray());
    }
}
