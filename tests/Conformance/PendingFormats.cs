using System.Text.Json;

namespace LmmPS.Conformance;

/// <summary>Reference files whose format belongs to a feature that is not built yet. The shared folder gained
/// them with the issues that ask for the features (predictions and comparisons: issue 18; formula functions,
/// contrasts, weights and offsets: issue 19). Until a feature lands, its files are reported as one SKIP line
/// each, naming the issue, instead of failing every fit check for a construct the engine refuses by design.
/// The <c>ff_*</c> files (FORMULA_FEATURES.md) are judged by the features their keys say they use: a file runs once
/// every feature it uses is supported. The issue that implements a feature removes its entry here and adds the checks.</summary>
public static class PendingFormats
{
    private static readonly (string Prefix, string Reason)[] Pending = Array.Empty<(string, string)>();

    /// <summary>Features of the <c>ff_*</c> files not supported yet: the name, and whether a file's JSON uses it.
    /// (Formula functions, contrasts and offsets, issue 19 part A, and prior weights, part B, are all supported: empty.)</summary>
    private static readonly (string Feature, Func<JsonElement, bool> Uses)[] UnsupportedFeatures =
    {
    };

    /// <summary>The reason a file is not checked yet, or null when the runner handles its format.</summary>
    public static string? Reason(string fileName)
    {
        foreach (var (prefix, reason) in Pending)
        {
            if (fileName.StartsWith(prefix, StringComparison.Ordinal))
                return reason;
        }
        return null;
    }

    /// <summary>The reason an <c>ff_*</c> file is not checked yet (the unsupported features it uses), or null when it
    /// can run (or is not an <c>ff_*</c> file).</summary>
    public static string? FeatureReason(string referenceFile)
    {
        if (!Path.GetFileName(referenceFile).StartsWith("ff_", StringComparison.Ordinal))
            return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var used = UnsupportedFeatures.Where(f => f.Uses(doc.RootElement)).Select(f => f.Feature).ToList();
        return used.Count == 0 ? null : $"uses {string.Join(", ", used)} (FORMULA_FEATURES.md): checks come with issue 19 part A";
    }
}
