using System.Text.Json;

namespace LmmPS.Tests;

/// <summary>Locates the reference data the tests read: tests/data in the repository (copied from ../shared, see
/// tests/data/SOURCES.md), found by walking up from the test binary.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string File(string relative) => Path.Combine(Root.Value, relative);

    public static JsonDocument Reference(string name) => JsonDocument.Parse(System.IO.File.ReadAllText(File(Path.Combine("reference", name))));

    private static string FindRoot()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "data") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "tests", "data"));
            candidates.Add(Path.Combine(dir.FullName, "..", "shared"));
        }
        foreach (var c in candidates)
            if (Directory.Exists(Path.Combine(c, "reference")) && Directory.Exists(Path.Combine(c, "data")))
                return Path.GetFullPath(c);
        throw new DirectoryNotFoundException("Reference data (tests/data/reference) not found above " + AppContext.BaseDirectory);
    }
}
