using System.Text.Json;

namespace LmmPS.Tests.Data;

/// <summary>The reference data sets (CSV + columns.json) of tests/data, located by <see cref="TestData"/>.</summary>
internal static class SharedDataFiles
{
    public static readonly string[] DataSets =
        { "Dyestuff", "Dyestuff2", "InstEval", "Pastes", "Penicillin", "ranef_only_sim", "sleepstudy" };

    public static string Csv(string dataSet) => Find(dataSet + ".csv");

    public static JsonDocument Columns(string dataSet) => JsonDocument.Parse(File.ReadAllText(Find(dataSet + ".columns.json")));

    private static string Find(string fileName)
    {
        var path = TestData.File(Path.Combine("data", fileName));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference data file {path} not found.");
    }
}
