namespace LmmPS.Tests.Conformance;

/// <summary>Where the copied reference data sits: the test project copies tests/data/** to its output under data/.</summary>
internal static class ConformanceTestData
{
    public static string Directory => TestData.RootDirectory;

    public static string Reference(string fileName) => Path.Combine(Directory, "reference", fileName);

    /// <summary>The fit reference files (lme4 and blme fits).</summary>
    public static IEnumerable<string> ReferenceFileNames() => AllFileNames().Where(n => !IsPredictionFormat(n));

    /// <summary>The predict_ and compare_ files (PREDICT_FORMAT.md), checked by PredictChecks and CompareChecks.</summary>
    public static IEnumerable<string> PredictionFileNames() => AllFileNames().Where(IsPredictionFormat);

    private static bool IsPredictionFormat(string name) =>
        name.StartsWith("predict_", StringComparison.Ordinal) || name.StartsWith("compare_", StringComparison.Ordinal);

    private static IEnumerable<string> AllFileNames() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "reference"), "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal);
}
