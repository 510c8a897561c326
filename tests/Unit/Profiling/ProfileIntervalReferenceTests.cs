using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
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
        ProfileIntervalAssert.MatchConfint(root, result, output);
    }
}
