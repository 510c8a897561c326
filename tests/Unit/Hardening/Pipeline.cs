using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Hardening;

/// <summary>The path a runbook takes: CSV text, formula text, design, fit. The hardening tests go through it so
/// an error is checked where a user meets it, not only in the unit that raises it.</summary>
internal static class Pipeline
{
    public static DataFrame Read(string csv, DataReadOptions? options = null) =>
        CsvDataReader.Read(new StringReader(csv), options, "input.csv");

    public static ModelDesign BuildDesign(string formula, string csv, DataReadOptions? options = null) =>
        DesignBuilder.Build(FormulaParser.Parse(formula), Read(csv, options));

    public static ModelDesign BuildDesign(string formula, DataFrame data) => DesignBuilder.Build(FormulaParser.Parse(formula), data);

    public static FitResult Fit(string formula, string csv, FitOptions? options = null) =>
        LmmFitter.Fit(BuildDesign(formula, csv), options);

    /// <summary>The text of a reference data file (tests/data/data).</summary>
    public static string DataFile(string dataset) => File.ReadAllText(TestData.File(Path.Combine("data", dataset + ".csv")));

    /// <summary>CSV text from a header and rows, so a test shows its data in full.</summary>
    public static string Csv(string header, params string[] rows) => header + "\n" + string.Join("\n", rows) + "\n";
}
