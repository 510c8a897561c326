using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;
using LmmPS.Tests.Profiling;
using Xunit.Abstractions;

namespace LmmPS.Tests.Scaling;

/// <summary>Profiles and the parametric bootstrap of a badly scaled fit run on the reparametrisation the fit used, so
/// they keep their digits. sleepstudy with x = a Days + c is an exact reparametrisation of lme4's reference model
/// (sleepstudy_REML.json, profile_ci from lme4's confint(method = "profile")): sigma is the same, the slope is
/// beta_Days / a, its SD SD_Days / |a|, and with c = 0 the intercept, its SD and the correlation (sign of a) are the same.
/// Before: with x = Days + 1e6 the profile gave x's 95% interval as [10.47136, 10.47170] (lme4: [7.359, 13.576]) and
/// sigma's upper limit as unknown; the bootstrap's 400 of 400 replicates came back singular.</summary>
public class ScaledProfileAndBootstrapTests(ITestOutputHelper output)
{
    private static (double Lower, double Upper) Reference(string parameter)
    {
        using var doc = TestData.Reference("sleepstudy_REML.json");
        var ci = doc.RootElement.GetProperty("profile_ci");
        var names = ci.GetProperty("parameter").EnumerateArray().Select(e => e.GetString()).ToList();
        int i = names.IndexOf(parameter);
        Assert.True(i >= 0, parameter);
        return (ci.GetProperty("lower")[i].GetDouble(), ci.GetProperty("upper")[i].GetDouble());
    }

    private void Within(ProfileResult result, string ours, string theirs, double factor)
    {
        var interval = result.Intervals.Single(r => r.Parameter == ours && r.Method == "profile");
        var (lower, upper) = Reference(theirs);
        output.WriteLine($"{ours}: [{interval.Lower:R}, {interval.Upper:R}] against lme4's {theirs} x {factor}: [{factor * lower:R}, {factor * upper:R}] {interval.Note}");
        foreach (var (got, want) in new[] { (interval.Lower, factor * lower), (interval.Upper, factor * upper) })
            Assert.True(Math.Abs(got - want) <= ProfileIntervalAssert.Allowed(ours, want), $"{ours}: ours {got:R}, lme4 {want:R}");
    }

    [Fact]
    public void A_covariate_far_from_zero_profiles_sigma_the_slope_and_the_intercepts_SD_and_names_what_it_cannot()
    {
        var design = BadlyScaledCovariateTests.SleepstudyWith(d => d + 1e6);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit);
        Within(result, "sigma", "sigma", 1.0);
        Within(result, "x", "Days", 1.0);
        // The intercept's SD at x = 0 (about 5.9e6) is a parameter of both: its limits exist and bracket the estimate.
        var sd0 = result.Intervals.Single(r => r.Parameter == "sd_(Intercept)|Subject" && r.Method == "profile");
        Assert.True(sd0.Lower < sd0.Estimate && sd0.Estimate < sd0.Upper && sd0.Lower > 1e6, $"{sd0}");
        // The intercept (centring x mixes it with the slope) and the term's other parameters are refused, not guessed.
        foreach (var name in new[] { "(Intercept)", "sd_x|Subject", "cor_x.(Intercept)|Subject" })
        {
            var refused = result.Intervals.Single(r => r.Parameter == name && r.Method == "profile");
            Assert.True(double.IsNaN(refused.Lower) && double.IsNaN(refused.Upper), $"{refused}");
            Assert.Contains(name == "(Intercept)" ? "'x'" : "((Intercept) + x | Subject)", refused.Note);
            Assert.Contains("centre", refused.Note);
        }
        Assert.Contains(result.Intervals, r => r.Parameter == "(Intercept)" && r.Method == "Wald" && !double.IsNaN(r.Lower));
        // The points carry the user's parametrisation: the slope's values are those of the interval.
        var slopePoints = result.Points.Where(p => p.Parameter == "x").Select(p => p.Value).ToList();
        Assert.True(slopePoints.Min() < 7.5 && slopePoints.Max() > 13.5, string.Join(", ", slopePoints));
    }

    [Fact]
    public void A_tiny_covariate_profiles_every_parameter_as_lme4_does_for_the_unscaled_one()
    {
        const double a = 1e-8;
        var design = BadlyScaledCovariateTests.SleepstudyWith(d => a * d);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit);
        Within(result, "sigma", "sigma", 1.0);
        Within(result, "(Intercept)", "(Intercept)", 1.0);
        Within(result, "x", "Days", 1.0 / a);
        Within(result, "sd_(Intercept)|Subject", "sd_(Intercept)|Subject", 1.0);
        Within(result, "sd_x|Subject", "sd_Days|Subject", 1.0 / a);
        Within(result, "cor_x.(Intercept)|Subject", "cor_Days.(Intercept)|Subject", 1.0);
    }

    [Fact]
    public void Each_bootstrap_replicate_of_a_covariate_far_from_zero_is_the_full_fit_of_its_response()
    {
        // Each replicate's response, drawn again from its seed in the space the bootstrap refits in and mapped back
        // (y = c + s_y y'), fitted afresh by LmmFitter.Fit (which reparametrises the design itself): the replicate must be
        // that fit. On the design as given (before) the refits lost the digits: all 400 replicates of a run came back
        // singular, 2 did not converge.
        const int count = 12;
        const int seed = 11;
        var design = BadlyScaledCovariateTests.SleepstudyWith(d => d + 1e6);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML });
        var result = ParametricBootstrap.Run(fit, count, seed, 2);
        Assert.Equal(0, result.Failed);
        var scaling = Core.Scaling.DesignScaling.For(design);
        var space = Core.Fitting.RefitSpace.For(fit);
        var simulator = new ResponseSimulator(space.Design, space.Theta, space.Beta, space.Sigma);
        for (int i = 0; i < count; i++)
        {
            var scaled = simulator.Simulate(new Random(ParametricBootstrap.ReplicateSeed(seed, i)));
            var y = ReferenceEquals(space.Design, design) ? scaled : scaled.Select(v => scaling.YCentre + scaling.YScale * v).ToArray();
            var response = new Core.Design.ModelDesign(design.Formula, y, design.X, design.FixedEffectNames, design.DroppedFixedEffects,
                design.RandomTerms, design.RowsUsed, design.RowsDropped);
            var fresh = LmmFitter.Fit(response, new FitOptions { Method = EstimationMethod.REML });
            var replicate = result.Replicates[i];
            var want = ParametricBootstrap.Statistics(fresh);
            output.WriteLine($"{i + 1}: objective {replicate.Objective:R} against a fresh fit's {fresh.Objective:R}; sigma {replicate.Statistics[2]:R} / {want[2]:R}");
            Assert.True(Math.Abs(replicate.Objective - fresh.Objective) <= 1e-8 * fresh.Objective, $"replicate {i + 1}: objective {replicate.Objective:R}, fresh {fresh.Objective:R}");
            Assert.True(replicate.Converged, $"replicate {i + 1} did not converge");
            foreach (int s in new[] { 1, 2, 5 })
                Assert.True(Math.Abs(replicate.Statistics[s] - want[s]) <= 1e-4 * Math.Abs(want[s]),
                    $"replicate {i + 1}, {result.StatisticNames[s]}: {replicate.Statistics[s]:R}, fresh {want[s]:R}");
        }
    }
}
