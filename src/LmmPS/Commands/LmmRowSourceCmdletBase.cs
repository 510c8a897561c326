using System.Management.Automation;

namespace LmmPS.Commands;

/// <summary>
/// Where a cmdlet's data rows come from, declared once: CSV files by -Path (wildcards, relative to the PowerShell
/// location) or -LiteralPath, or rows piped to -InputObject (objects from Import-Csv, hashtables). New-LmmDesign and
/// Invoke-LmmFit read their data this way (<see cref="LmmDataCmdletBase"/>), Get-LmmPrediction its new data.
/// </summary>
public abstract class LmmRowSourceCmdletBase : LmmCmdletBase
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";
    internal const string PipelineSet = "Pipeline";

    /// <summary>CSV files (wildcards allowed), resolved relative to the current PowerShell location.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>CSV files, taken exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>A data row: any object whose properties are the columns (e.g. from Import-Csv), or a hashtable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>Resolves -Path (wildcards, PowerShell-relative) or -LiteralPath to file-system paths through the
    /// provider, so relative paths follow $PWD rather than the process's working directory (FileResolver). A path that
    /// matches nothing is a non-terminating error: the other paths are still read.</summary>
    protected IEnumerable<string> ResolveDataFiles() =>
        ParameterSetName == PathSet ? ResolveFilePaths(Path, literal: false) : ResolveFilePaths(LiteralPath, literal: true);
}
