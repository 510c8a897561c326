using LmmPS.Core.Fitting;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Profiling;

/// <summary>Our 95% profile intervals against lme4's confint(fit, method = "profile") in the reference files: within
/// 1e-3 relative, or 1e-3 absolute for correlations and limits near 0 (lme4 reads its limits off an interpolating
/// spline; ours rest on profile points evaluated at the limits).</summary>
public class ProfileIntervalReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "Dyestuff_ML.json", "Dyestuff_REML.json", "Dyestuff2_REML.json",
        "sleepstudy_uncorr_REML.json", "Penicillin_ML.json", "Pastes_REML.json", "ranef_only_ML.json",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Profile_intervals_match_lme4_confint(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var fit = LmmFitter.Fit(DevfunPointTests.DesignFor(file), new FitOptions { Method = method });
        var result = LmmProfiler.Profile(fit);
        output.WriteLine($"{file}: {result.Evaluations} evaluations, {result.Points.Count} points, {result.Elapsed.TotalMilliseconds:F0} ms");

        var ci = root.GetProperty("profile_ci");
        var names = ci.GetProperty("parameter").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var lower = ci.GetProperty("lower").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var upper = ci.GetProperty("upper").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var failures = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            var ours = result.Intervals.Single(r => r.Parameter == names[i] && r.Method == "profile");
            output.WriteLine($"  {names[i]}: lower {ours.Lower:R} vs {lower[i]:R} ({ours.Lower - lower[i]:E2}), upper {ours.Upper:R} vs {upper[i]:R} ({ours.Upper - upper[i]:E2}) {ours.Note}");
            bool correlation = names[i].StartsWith("cor_", StringComparison.Ordinal);
            foreach (var (what, got, want) in new[] { ("lower", ours.Lower, lower[i]), ("upper", ours.Upper, upper[i]) })
            {
                double allowance = correlation || Math.Abs(want) < 1e-3 ? 1e-3 : 1e-3 * Math.Abs(want);
                if (!(Math.Abs(got - want) <= allowance))
                    failures.Add($"{names[i]} {what}: ours {got:R}, lme4 {want:R}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
