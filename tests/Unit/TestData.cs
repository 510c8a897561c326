using System.Text.Json;

namespace LmmPS.Tests;

/// <summary>Locates the reference data the tests read: tests/data in the repository (copied from ../shared, see
/// tests/data/SOURCES.md), which the test project copies beside the test binary as data/. The one locator every
/// test folder uses.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string File(string relative) => Path.Combine(Root.Value, relative);

    public static JsonDocument Reference(string name) => JsonDocument.Parse(System.IO.File.ReadAllText(File(Path.Combine("reference", name))));

    private static string FindRoot()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "data");
        if (Directory.Exists(Path.Combine(root, "reference")) && Directory.Exists(Path.Combine(root, "data")))
            return root;
        throw new DirectoryNotFoundException($"Reference data not found at {root}; the test project copies tests/data there on build.");
    }
}
