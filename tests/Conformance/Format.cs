using System.Globalization;
using LmmPS.Core.Common;

namespace LmmPS.Conformance;

/// <summary>How numbers and errors appear in the one-line details: invariant culture, enough digits to see a
/// difference at the tolerances used (1e-8 relative), and never a line break (one check = one line).</summary>
public static class Format
{
    public static string Number(double value) => value.ToString("G12", CultureInfo.InvariantCulture);

    /// <summary>Short form for differences and tolerances, where 3 digits say all that matters.</summary>
    public static string Small(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + " s";

    public static string Exception(Exception error)
    {
        var inner = error is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : error;
        string kind = inner is LmmException lmm ? $"LmmException {lmm.ErrorId}" : inner.GetType().Name;
        return $"threw {kind}: {OneLine(inner.Message)}";
    }

    public static string OneLine(string text) =>
        string.Join(" | ", text.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.TrimEnd()));
}
