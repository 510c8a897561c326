using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Inference;

/// <summary>The parametric bootstrap's bookkeeping: lme4's statistic names and t0, the same replicates whatever the
/// thread count, failures recorded. (Its distribution is checked against bootMer's by the conformance runner.)</summary>
public class BootstrapTests
{
    [Fact]
    public void Statistics_are_named_and_valued_as_bootMer_records_them()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var fit = LmmFitter.Fit(c.Design, new FitOptions { Method = EstimationMethod.REML });
        var boot = c.Root.GetProperty("bootstrap");
        var names = boot.GetProperty("statistic_names").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(names, ParametricBootstrap.StatisticNames(fit));
        var t0 = boot.GetProperty("t0");
        var ours = ParametricBootstrap.Statistics(fit);
        for (int i = 0; i < names.Length; i++)
            InferenceCase.Close(t0.GetProperty(names[i]).GetDouble(), ours[i], 1e-4, names[i]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_replicates_on_one_or_two_threads()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var fit = LmmFitter.Fit(c.Design, new FitOptions { Method = EstimationMethod.REML });
        var one = ParametricBootstrap.Run(fit, 12, 42, 1);
        var two = ParametricBootstrap.Run(fit, 12, 42, 2);
        Assert.Equal(0, one.Failed);
        for (int i = 0; i < 12; i++)
            Assert.Equal(one.Replicates[i].Statistics, two.Replicates[i].Statistics);
        var other = ParametricBootstrap.Run(fit, 12, 43, 2);
        Assert.NotEqual(one.Replicates[0].Statistics, other.Replicates[0].Statistics);
    }

    [Fact]
    public void Each_replicate_is_a_full_fit_of_its_simulated_response_from_the_estimate()
    {
        // The light refit path (no FitResult, a model per worker over one shared cross-product) against the full fit
        // of a model formed from scratch for the same draw: the same statistics, objective and singular flag.
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var fit = LmmFitter.Fit(c.Design, new FitOptions { Method = EstimationMethod.REML });
        var result = ParametricBootstrap.Run(fit, 40, 7, 2);
        Assert.Contains(result.Replicates, r => r.Singular);
        foreach (var replicate in result.Replicates)
        {
            int i = replicate.Index - 1;
            var y = ResponseSimulator.Simulate(fit, new Random(ParametricBootstrap.ReplicateSeed(7, i)));
            var d = fit.Design;
            var design = new LmmPS.Core.Design.ModelDesign(d.Formula, y, d.X, d.FixedEffectNames, d.DroppedFixedEffects, d.RandomTerms, d.RowsUsed, d.RowsDropped);
            var full = LmmFitter.Fit(new LinearMixedModel(design), new FitOptions { Method = EstimationMethod.REML }, fit.Theta);
            // The refit's first evaluation reads the factor kept at the fit's theta with y's row formed alone
            // (LinearMixedModel.ReturnToStart), the full fit factors there: the same optimum to rounding.
            var expected = ParametricBootstrap.Statistics(full);
            for (int s = 0; s < expected.Length; s++)
                Assert.Equal(expected[s], replicate.Statistics[s], 1e-6 * Math.Max(1.0, Math.Abs(expected[s])));
            Assert.Equal(full.Objective, replicate.Objective, Math.Abs(full.Objective) * 1e-12);
            Assert.Equal(full.IsSingular, replicate.Singular);
            Assert.Equal(full.Converged, replicate.Converged);
        }
    }

    [Fact]
    public void Quantiles_follow_R_type_7_and_the_shortest_interval_is_the_narrowest_window()
    {
        // R: quantile(c(1, 2, 4, 8), c(0.25, 0.9), type = 7) = 1.75, 6.8
        Assert.Equal(1.75, BootstrapResult.Quantile(new[] { 1.0, 2, 4, 8 }, 0.25), 12);
        Assert.Equal(6.8, BootstrapResult.Quantile(new[] { 1.0, 2, 4, 8 }, 0.9), 12);
        // Half of 1, 5, 6, 20: the narrowest window of two values is [5, 6].
        var result = new BootstrapResult(new[] { "x" }, new[] { 5.5 },
            new[] { 1.0, 5, 6, 20 }.Select((v, i) => new BootstrapReplicate(i + 1, new[] { v }, 0, true, false, null)).ToArray(), 1, TimeSpan.Zero);
        Assert.Equal((5.0, 6.0), result.Shortest(0, 0.5));
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var fit = LmmFitter.Fit(c.Design, new FitOptions());
        Assert.Equal("InvalidReplicates", Assert.Throws<LmmException>(() => ParametricBootstrap.Run(fit, 0, 1, 1)).ErrorId);
        Assert.Equal("InvalidThrottleLimit", Assert.Throws<LmmException>(() => ParametricBootstrap.Run(fit, 1, 1, 0)).ErrorId);
    }
}
