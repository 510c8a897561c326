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
    /// <param name="cancellation">Stops the design's rank check.</param>
    public static LmmDesign Create(Formula formula, DataFrame data, DataReadOptions options, string source, string? weights = null,
        CancellationToken cancellation = default)
    {
        ReadOptionsFactory.EnsureColumnsExist(data, options, source);
        return new LmmDesign(DesignBuilder.Build(formula, data, weights, cancellation), source, options);
    }

    public static LmmDesign ReadFile(Formula formula, string path, DataReadOptions options, string? weights = null) =>
        Create(formula, CsvDataReader.ReadFile(path, options), options, path, weights);

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
