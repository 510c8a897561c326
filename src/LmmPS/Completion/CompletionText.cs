using System.Management.Automation;

namespace LmmPS.Completion;

/// <summary>Completion results for names that start with what the user typed, quoted when they need it.</summary>
internal static class CompletionText
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var name in names)
        {
            if (!name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                continue;
            var text = name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '.') ? name : "'" + name.Replace("'", "''") + "'";
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }
}
