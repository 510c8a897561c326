using System.Text.Json;

namespace LmmPS.Bench;

/// <summary>How every verb writes its JSON lines: formulas contain '+' and '|', so they stay readable rather than
/// \u-escaped.</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
