namespace LmmPS.Bench;

/// <summary>The reference cases the comparison verbs fit, from a directory laid out like ../shared: reference/*.json
/// in name order, narrowed by --filter, either the blme cases (a "blme" anywhere in the file name; their objective
/// includes a prior) or all the others.</summary>
internal static class ReferenceCaseFiles
{
    public static bool IsBlme(string file) => Path.GetFileName(file).IndexOf("blme", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>The case files; a usage error when the folder is missing or nothing matches.</summary>
    public static List<string> Select(string directory, string filter, bool blme)
    {
        string referenceDirectory = Path.Combine(directory, "reference");
        string pattern = blme ? "*blme*.json" : "*.json";
        if (!Directory.Exists(referenceDirectory))
            throw new UsageException($"--reference {directory}: no reference/ folder there (expected reference/{pattern} and data/*.csv).");
        var files = Directory.GetFiles(referenceDirectory, "*.json")
            .Where(f => IsBlme(f) == blme)
            .Where(f => Path.GetFileName(f).IndexOf(filter, StringComparison.OrdinalIgnoreCase) >= 0)
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new UsageException($"No {(blme ? "blme" : "reference")} case in {referenceDirectory} matches --filter '{filter}'.");
        return files;
    }
}
