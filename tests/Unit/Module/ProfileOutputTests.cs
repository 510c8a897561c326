using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Module;

/// <summary>The engine's profile as Get-LmmProfile -Fit writes it: flat rows, names as lme4's confint.</summary>
public class ProfileOutputTests
{
    [Fact]
    public void LmmProfile_carries_every_point_and_interval_with_method_and_note()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff("data/Dyestuff2.csv"), new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit);
        var profile = LmmProfile.From(result, "Yield ~ 1 + (1 | Batch)");
        Assert.Equal("REML", profile.Method);
        Assert.Equal(0.95, profile.Level);
        Assert.Equal(result.Points.Count, profile.Points.Length);
        Assert.Equal(new[] { "sd_(Intercept)|Batch", "sigma", "(Intercept)", "(Intercept)" }, profile.Intervals.Select(i => i.Parameter));
        Assert.Equal(new[] { "profile", "profile", "profile", "Wald" }, profile.Intervals.Select(i => i.Method));
        // lme4 1.1-31 (Dyestuff2_REML.json): sigma in [2.8928310201021987, 4.815832552450719].
        var sigma = profile.Intervals[1];
        Assert.Equal(2.8928310201021987, sigma.Lower, 1e-3 * 2.89);
        Assert.Equal(4.815832552450719, sigma.Upper, 1e-3 * 4.82);
        Assert.Contains("bound 0", profile.Intervals[0].Note);
        Assert.Contains(profile.Notes, n => n.Contains("refitted by ML"));
        var point = profile.Points.First(p => p.Parameter == "sigma");
        var engine = result.Points.First(p => p.Parameter == "sigma");
        Assert.Equal((engine.Value, engine.Zeta, engine.Deviance, engine.Sigma), (point.Value, point.Zeta, point.Deviance, point.Sigma));
    }
}
