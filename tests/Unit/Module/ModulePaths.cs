namespace LmmPS.Tests.Module;

/// <summary>Finds the repository's files (manifest, format, help) and the reference data from the test output
/// folder, wherever the tests run: the data is copied to <c>data/</c> beside the tests once tests/data exists;
/// until then it is read from the shared folder beside the repository (CI) or /work/shared.</summary>
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
        var candidates = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, kind, name),
            Path.Combine(AppContext.BaseDirectory, "data", kind, name),
            Path.Combine(RepositoryRoot, "tests", "data", name),
            Path.Combine(RepositoryRoot, "tests", "data", kind, name),
            Path.Combine(RepositoryRoot, "..", "shared", kind, name),
            Path.Combine("/work/shared", kind, name),
        };
        foreach (var path in candidates)
        {
            if (File.Exists(path))
                return Path.GetFullPath(path);
        }
        throw new FileNotFoundException($"{kind}/{name} not found; looked in: {string.Join(", ", candidates)}");
    }
}
