using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Profiling;

/// <summary>Profiles that meet a parameter bound: the limit is the bound (as lme4's confint gives it) with a note.</summary>
public class ProfileBoundTests
{
    [Fact]
    public void Dyestuff2_SD_estimated_at_zero_has_lower_limit_zero_and_a_note()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff("data/Dyestuff2.csv"), new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit);
        var sd = result.Intervals.Single(i => i.Parameter == "sd_(Intercept)|Batch");
        Assert.Equal(0.0, sd.Estimate);
        Assert.Equal(0.0, sd.Lower);
        Assert.Contains("bound 0", sd.Note);
        // lme4 1.1-31: upper 2.0840434890102215 (reference Dyestuff2_REML.json).
        Assert.InRange(sd.Upper, 2.0840434890102215 - 1e-3, 2.0840434890102215 + 1e-3);
        // The trace starts at the bound: every SD point is at or above 0, zeta never negative.
        Assert.All(result.Points.Where(p => p.Parameter == sd.Parameter), p => Assert.True(p.Value >= 0 && p.Zeta >= 0));
    }

    [Fact]
    public void Pastes_batch_SD_reaches_zero_before_the_quantile()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Pastes(), new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit, new ProfileOptions { Parameters = new[] { "sd_(Intercept)|batch" } });
        var sd = result.Intervals.Single();
        Assert.Equal(0.0, sd.Lower);
        Assert.Contains("reaches the bound 0", sd.Note);
        var atZero = result.Points.Single(p => p.Value == 0.0);
        Assert.InRange(atZero.Zeta, -1.96, -0.1);
        Assert.Equal(0.0, atZero.Theta[1]);
    }

    [Fact]
    public void A_correlation_trace_stops_at_one()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = EstimationMethod.ML });
        var result = LmmProfiler.Profile(fit, new ProfileOptions { Parameters = new[] { "cor_Days.(Intercept)|Subject" }, Threshold = 5 });
        var values = result.Points.Select(p => p.Value).ToList();
        Assert.All(values, v => Assert.InRange(v, -1.0, 1.0));
        // Walking up with a high threshold the trace meets +1 (zeta there about 3) and stops on it.
        Assert.Equal(1.0, values.Max());
        Assert.Equal("", result.Intervals.Single().Note);
    }
}
