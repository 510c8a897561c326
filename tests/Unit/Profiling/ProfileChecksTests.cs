using System.Text.Json.Nodes;
using LmmPS.Conformance;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Profiling;

/// <summary>The conformance runner's profile_ci check passes on a reference case and fails when one reference limit
/// is moved by more than its tolerance, naming that limit.</summary>
public class ProfileChecksTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lmmps-profile-check-" + Guid.NewGuid().ToString("N"));

    public ProfileChecksTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Passes_on_Dyestuff_and_fails_on_a_moved_limit()
    {
        string original = TestData.File(Path.Combine("reference", "Dyestuff_ML.json"));
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff(), new FitOptions { Method = EstimationMethod.ML });
        var pass = ProfileChecks.Intervals("Dyestuff_ML.json", original, fit);
        Assert.Equal(CheckStatus.Pass, pass.Status);

        var json = JsonNode.Parse(File.ReadAllText(original))!;
        var upper = json["profile_ci"]!["upper"]!.AsArray();
        upper[1] = upper[1]!.GetValue<double>() * 1.002; // sigma's upper limit, 2e-3 relative off
        string moved = Path.Combine(_dir, "Dyestuff_ML.json");
        File.WriteAllText(moved, json.ToJsonString());
        var fail = ProfileChecks.Intervals("Dyestuff_ML.json", moved, fit);
        Assert.Equal(CheckStatus.Fail, fail.Status);
        Assert.Contains("worst sigma upper", fail.Detail);
    }

    [Fact]
    public void Without_a_fit_the_check_fails()
    {
        var result = ProfileChecks.Intervals("x.json", "unused", null);
        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void Correlations_and_near_zero_limits_are_compared_absolutely()
    {
        Assert.Equal(1e-3, ProfileChecks.Allowance(0.5, correlation: true));
        Assert.Equal(1e-3, ProfileChecks.Allowance(0.0, correlation: false));
        Assert.Equal(1e-2, ProfileChecks.Allowance(10.0, correlation: false), 15);
    }

    [Fact]
    public void Near_zero_is_relative_to_the_parameters_scale()
    {
        // Orthodont's sd_(Intercept)|Subject: estimate 2.13, lme4's lower limit 0.0012668 is its bound 0 in effect.
        Assert.Equal(1e-3, ProfileChecks.Allowance(0.0012668, correlation: false, scale: 2.13));
        // With a unit scale the same limit is compared relatively, as before.
        Assert.Equal(1e-3 * 0.0012668, ProfileChecks.Allowance(0.0012668, correlation: false), 15);
    }
}
