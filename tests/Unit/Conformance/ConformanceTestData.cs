namespace LmmPS.Tests.Conformance;

/// <summary>Where the copied reference data sits: the test project copies tests/data/** to its output under data/.</summary>
internal static class ConformanceTestData
{
    public static string Directory => TestData.RootDirectory;

    public static string Reference(string fileName) => Path.Combine(Directory, "reference", fileName);

    public static IEnumerable<string> ReferenceFileNames() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "reference"), "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal);
}
