using System.Text.Json;
using LmmPS.Core.Profiling;
using Xunit.Abstractions;

namespace LmmPS.Tests.Profiling;

/// <summary>Our 95% profile intervals against a reference file's profile_ci (lme4's confint(method = "profile")):
/// within 1e-3 relative, or 1e-3 absolute for correlations and limits near 0. One comparison for every test that
/// checks intervals, so the rule is stated once.</summary>
internal static class ProfileIntervalAssert
{
    /// <param name="allowance">A documented per-limit exception (parameter, "lower" or "upper") to the rule, or null.</param>
    public static void MatchConfint(JsonElement root, ProfileResult result, ITestOutputHelper output,
        Func<string, string, double?>? allowance = null)
    {
        var ci = root.GetProperty("profile_ci");
        var names = ci.GetProperty("parameter").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var lower = ci.GetProperty("lower").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var upper = ci.GetProperty("upper").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var failures = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            var ours = result.Intervals.Single(r => r.Parameter == names[i] && r.Method == "profile");
            output.WriteLine($"  {names[i]}: lower {ours.Lower:R} vs {lower[i]:R} ({ours.Lower - lower[i]:E2}), upper {ours.Upper:R} vs {upper[i]:R} ({ours.Upper - upper[i]:E2}) {ours.Note}");
            foreach (var (what, got, want) in new[] { ("lower", ours.Lower, lower[i]), ("upper", ours.Upper, upper[i]) })
            {
                double allowed = allowance?.Invoke(names[i], what) ?? Allowed(names[i], want);
                if (!(Math.Abs(got - want) <= allowed))
                    failures.Add($"{names[i]} {what}: ours {got:R}, lme4 {want:R}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The rule: 1e-3 relative, or 1e-3 absolute for a correlation and for a limit near 0.</summary>
    public static double Allowed(string parameter, double want) =>
        parameter.StartsWith("cor_", StringComparison.Ordinal) || Math.Abs(want) < 1e-3 ? 1e-3 : 1e-3 * Math.Abs(want);
}
