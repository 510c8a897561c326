using System.Globalization;
using System.Management.Automation;

namespace LmmPS.Conversion;

/// <summary>
/// Where Export-LmmPlot writes: -Path resolved relative to the current PowerShell location through the provider (so
/// <c>Set-Location</c> and PSDrives count, not the process's working directory), with <c>{0}</c> replaced by the
/// input's 0-based position in the pipeline. Every refusal is an ErrorRecord naming the path: a non-file-system
/// provider, a directory, a missing parent folder, an existing file without -Force, a read-only file.
/// </summary>
internal static class PlotPathResolver
{
    public const string PatternToken = "{0}";

    public static bool IsPattern(string path) => path.Contains(PatternToken);

    /// <summary>True when <paramref name="path"/> names an existing folder of the file system.</summary>
    public static bool IsDirectory(PSCmdlet cmdlet, string path)
    {
        try
        {
            string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase) && Directory.Exists(full);
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The file-system path for input number <paramref name="index"/>, or an error.</summary>
    public static string? Resolve(PSCmdlet cmdlet, string path, int index, bool force, out ErrorRecord? error)
    {
        error = null;
        string concrete = path.Replace(PatternToken, index.ToString(CultureInfo.InvariantCulture));
        string full;
        ProviderInfo provider;
        try
        {
            full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(concrete, out provider, out _);
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            var unresolved = new ArgumentException($"Cannot resolve the plot path '{concrete}': {ex.Message}", ex);
            error = new ErrorRecord(unresolved, "PlotPathInvalid", ErrorCategory.InvalidArgument, concrete);
            return null;
        }
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            var notFileSystem = new ArgumentException($"The plot path '{concrete}' is on the {provider.Name} provider; give a file-system path.");
            error = new ErrorRecord(notFileSystem, "PlotPathInvalid", ErrorCategory.InvalidArgument, concrete);
            return null;
        }
        if (Directory.Exists(full))
        {
            var directory = new IOException($"'{full}' is a directory; give a file name such as '{Path.Combine(full, "plot.svg")}'.");
            error = new ErrorRecord(directory, "PlotPathIsDirectory", ErrorCategory.InvalidArgument, full);
            return null;
        }
        string? parent = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
        {
            var missing = new DirectoryNotFoundException($"The folder '{parent}' does not exist; create it first (New-Item -ItemType Directory).");
            error = new ErrorRecord(missing, "PlotFolderNotFound", ErrorCategory.ObjectNotFound, full);
            return null;
        }
        if (File.Exists(full))
        {
            // A read-only file is refused even with -Force: the user marked it so, and root would otherwise ignore it.
            if ((File.GetAttributes(full) & FileAttributes.ReadOnly) != 0)
            {
                var readOnly = new UnauthorizedAccessException($"'{full}' is read-only; LmmPS does not overwrite it.");
                error = new ErrorRecord(readOnly, "PlotPathNotWritable", ErrorCategory.PermissionDenied, full);
                return null;
            }
            if (!force)
            {
                var exists = new IOException($"'{full}' exists; add -Force to overwrite it.");
                error = new ErrorRecord(exists, "PlotFileExists", ErrorCategory.ResourceExists, full);
                return null;
            }
        }
        return full;
    }

    /// <summary>Writes the finished bytes in one go (the picture is built in memory first, so a stopped or failed
    /// build never leaves half a file); a folder that refuses writing becomes a clear error.</summary>
    public static FileInfo? Write(string full, byte[] content, out ErrorRecord? error)
    {
        error = null;
        try
        {
            File.WriteAllBytes(full, content);
            return new FileInfo(full);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            error = new ErrorRecord(new IOException($"Cannot write '{full}': {ex.Message}", ex), "PlotPathNotWritable", ErrorCategory.PermissionDenied, full);
            return null;
        }
    }
}
