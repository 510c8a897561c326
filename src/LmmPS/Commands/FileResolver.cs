using System.Collections.ObjectModel;
using System.Management.Automation;
using LmmPS.Core.Common;

namespace LmmPS.Commands;

/// <summary>-Path (wildcards) and -LiteralPath to file-system paths through the PowerShell provider, so relative paths
/// follow $PWD rather than the process's working directory; the cmdlets that read CSV files share it.</summary>
internal static class FileResolver
{
    public static IReadOnlyList<string> ResolvePattern(SessionState sessionState, string pattern)
    {
        Collection<string> resolved;
        ProviderInfo provider;
        try
        {
            resolved = sessionState.Path.GetResolvedProviderPathFromPSPath(pattern, out provider);
        }
        catch (SessionStateException ex)
        {
            throw FileNotFound(pattern, $"Cannot find '{pattern}': {ex.Message}", ex);
        }
        if (provider is null || !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            throw NotAFile(pattern, provider?.Name);
        if (resolved is null || resolved.Count == 0)
            throw FileNotFound(pattern, $"No file matches '{pattern}' (relative to {sessionState.Path.CurrentFileSystemLocation}).", null);
        foreach (var file in resolved)
        {
            if (Directory.Exists(file))
                throw FileNotFound(file, $"'{file}' is a directory; give the CSV file's path.", null);
        }
        return resolved;
    }

    public static string ResolveLiteral(SessionState sessionState, string literal)
    {
        string file;
        try
        {
            file = sessionState.Path.GetUnresolvedProviderPathFromPSPath(literal, out var provider, out _);
            if (provider is null || !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw NotAFile(literal, provider?.Name);
        }
        catch (SessionStateException ex)
        {
            throw FileNotFound(literal, $"Cannot find '{literal}': {ex.Message}", ex);
        }
        if (!File.Exists(file))
        {
            string why = Directory.Exists(file) ? "is a directory; give the CSV file's path" : "does not exist";
            throw FileNotFound(file, $"'{file}' {why}.", null);
        }
        return file;
    }

    internal static LmmException FileNotFound(string path, string message, Exception? inner) =>
        new("FileNotFound", LmmErrorCategory.ObjectNotFound, message, inner) { Path = path };

    private static LmmException NotAFile(string path, string? provider) =>
        new("NotAFileSystemPath", LmmErrorCategory.InvalidArgument,
            $"'{path}' is on the {provider ?? "unknown"} provider; LmmPS reads CSV files from the file system only.") { Path = path };
}
