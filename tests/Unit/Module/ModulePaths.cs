namespace LmmPS.Tests.Module;

/// <summary>Finds the repository's files (manifest, format, help) from the test output folder, wherever the tests
/// run; the reference data comes from <see cref="TestData"/>.</summary>
internal static class ModulePaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModuleSource => Path.Combine(RepositoryRoot, "src", "LmmPS");

    public static string Manifest => Path.Combine(RepositoryRoot, "LmmPS.psd1");

    public static string FormatFile => Path.Combine(ModuleSource, "LmmPS.format.ps1xml");

    public static string HelpFile => Path.Combine(ModuleSource, "en-US", "LmmPS.dll-Help.xml");

    public static string DataFile(string name) => FindShared("data", name);

    public static string ReferenceFile(string name) => FindShared("reference", name);

    public static IEnumerable<string> ReferenceFiles()
    {
        var index = ReferenceFile("INDEX.md");
        return Directory.GetFiles(Path.GetDirectoryName(index)!, "*.json").OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LmmPS.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src", "LmmPS")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No repository root (a folder with LmmPS.psd1 and src/LmmPS) above {AppContext.BaseDirectory}.");
    }

    private static string FindShared(string kind, string name)
    {
        var path = TestData.File(Path.Combine(kind, name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} not found.");
    }
}
