using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LmmPS.Completion;

/// <summary>
/// Tab completion for -Categorical, -Ordered, -Numeric and -Weights: the column names in the header of the file given by
/// -Path or -LiteralPath on the same command line (resolved against the current PowerShell location). Only the
/// header line is read. Nothing is offered when no readable file is named.
/// </summary>
public sealed class ColumnNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var file = FirstFile(fakeBoundParameters);
        if (file is null)
            return Array.Empty<CompletionResult>();
        char delimiter = fakeBoundParameters["Delimiter"] is { } d && d.ToString() is { Length: 1 } text ? text[0] : ',';
        return CompletionText.Matching(HeaderOf(file, delimiter), wordToComplete);
    }

    private static string? FirstFile(IDictionary bound)
    {
        foreach (var key in new[] { "LiteralPath", "Path" })
        {
            var value = bound[key] is PSObject p ? p.BaseObject : bound[key];
            var first = value switch
            {
                string s => s,
                IEnumerable list => list.Cast<object?>().Select(o => o?.ToString()).FirstOrDefault(o => !string.IsNullOrEmpty(o)),
                _ => null,
            };
            if (first is null)
                continue;
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            var resolved = shell.AddCommand("Resolve-Path").AddParameter(key, first).AddParameter("ErrorAction", "Ignore").Invoke();
            var path = resolved.Count > 0 ? resolved[0].Properties["ProviderPath"]?.Value as string : null;
            if (path is not null && File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>The header's names: the first non-blank line split at the delimiter, outer quotes removed (a name with
    /// the delimiter inside quotes is split too: completion is a convenience, not the reader).</summary>
    private static IEnumerable<string> HeaderOf(string path, char delimiter)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0 && !l.StartsWith("#TYPE ", StringComparison.Ordinal));
            if (line is null)
                return Array.Empty<string>();
            return line.TrimStart('\uFEFF').Split(delimiter).Select(n => n.Trim().Trim('"')).Where(n => n.Length > 0).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
