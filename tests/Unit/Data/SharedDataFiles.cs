using System.Text.Json;

namespace LmmPS.Tests.Data;

/// <summary>Finds the reference data sets (CSV + columns.json). They live in tests/data once the repository carries
/// its copy (copied beside the tests as data/), and in /work/shared/data on the development machine.</summary>
internal static class SharedDataFiles
{
    public static readonly string[] DataSets =
        { "Dyestuff", "Dyestuff2", "InstEval", "Pastes", "Penicillin", "ranef_only_sim", "sleepstudy" };

    public static string Csv(string dataSet) => Find(dataSet + ".csv");

    public static JsonDocument Columns(string dataSet) => JsonDocument.Parse(File.ReadAllText(Find(dataSet + ".columns.json")));

    private static string Find(string fileName)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "data", fileName) };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "tests", "data", fileName));
        candidates.Add(Path.Combine("/work/shared/data", fileName));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Reference data file {fileName} not found; looked in: {string.Join("; ", candidates)}");
    }
}
