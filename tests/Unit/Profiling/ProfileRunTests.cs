using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Profiling;

/// <summary>How a profile runs: parallel traces give the same numbers as one worker, progress arrives, cancellation
/// stops it, options and parameter names are checked, Wald intervals are lme4's.</summary>
public class ProfileRunTests
{
    private static readonly Lazy<FitResult> SleepML = new(() =>
        LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = EstimationMethod.ML }));

    [Fact]
    public void Parallel_and_sequential_profiles_agree_exactly()
    {
        var options = new ProfileOptions { Parameters = new[] { "sigma", "Days", "sd_Days|Subject" } };
        var one = LmmProfiler.Profile(SleepML.Value, new ProfileOptions { Parameters = options.Parameters, MaxDegreeOfParallelism = 1 });
        var two = LmmProfiler.Profile(SleepML.Value, new ProfileOptions { Parameters = options.Parameters, MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Points.Select(p => (p.Parameter, p.Value, p.Zeta)), two.Points.Select(p => (p.Parameter, p.Value, p.Zeta)));
        Assert.Equal(one.Intervals, two.Intervals);
        Assert.Equal(new[] { "sd_Days|Subject", "sigma", "Days", "Days" }, one.Intervals.Select(i => i.Parameter));
    }

    [Fact]
    public void Progress_reports_every_point()
    {
        var reports = new List<ProfileProgress>();
        var progress = new SynchronousProgress(r => { lock (reports) reports.Add(r); });
        var result = LmmProfiler.Profile(SleepML.Value, new ProfileOptions { Parameters = new[] { "sigma" } }, progress);
        // Every point but the estimate (which needs no optimisation) was reported, numbered 1..count.
        Assert.Equal(result.Points.Count - 1, reports.Count);
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.PointsDone).OrderBy(i => i));
        Assert.All(reports, r => Assert.Equal(2, r.TraceCount));
    }

    [Fact]
    public void Cancelled_before_the_start_throws_OperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LmmProfiler.Profile(SleepML.Value, null, null, cts.Token));
    }

    [Fact]
    public void Cancelled_after_the_first_point_stops_every_worker()
    {
        using var cts = new CancellationTokenSource();
        int reports = 0;
        var progress = new SynchronousProgress(_ =>
        {
            Interlocked.Increment(ref reports);
            cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => LmmProfiler.Profile(SleepML.Value, null, progress, cts.Token));
        // A full sleepstudy profile has about 80 points; each worker stops at its next evaluation.
        Assert.InRange(reports, 1, 4);
    }

    [Fact]
    public void Wald_intervals_are_lme4s_for_the_REML_fit()
    {
        using var doc = TestData.Reference("sleepstudy_REML.json");
        var wald = doc.RootElement.GetProperty("wald_ci_95");
        var fit = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = EstimationMethod.REML });
        var result = LmmProfiler.Profile(fit, new ProfileOptions { Parameters = new[] { "(Intercept)", "Days" } });
        var ours = result.Intervals.Where(i => i.Method == "Wald").ToList();
        var lower = wald.GetProperty("lower").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var upper = wald.GetProperty("upper").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(lower[j], ours[j].Lower, 1e-4 * Math.Abs(lower[j]));
            Assert.Equal(upper[j], ours[j].Upper, 1e-4 * Math.Abs(upper[j]));
        }
        Assert.Contains(result.Notes, n => n.Contains("refitted by ML"));
    }

    [Fact]
    public void Unknown_parameter_is_ParameterNotFound_naming_it_and_the_choices()
    {
        var ex = Assert.Throws<LmmException>(() => LmmProfiler.Profile(SleepML.Value, new ProfileOptions { Parameters = new[] { "sd_Days" } }));
        Assert.Equal("ParameterNotFound", ex.ErrorId);
        Assert.Contains("'sd_Days'", ex.Message);
        Assert.Contains("sd_Days|Subject", ex.Message);
    }

    public static TheoryData<string, ProfileOptions, string> BadOptions => new()
    {
        { "InvalidLevel", new ProfileOptions { Level = 1.0 }, "Level is 1" },
        { "InvalidLevel", new ProfileOptions { Level = double.NaN }, "Level is NaN" },
        { "InvalidThreshold", new ProfileOptions { Threshold = 0 }, "Threshold is 0" },
        { "InvalidThreshold", new ProfileOptions { Threshold = double.PositiveInfinity }, "Threshold is " },
        { "InvalidMaxPoints", new ProfileOptions { MaxPointsPerTrace = 1 }, "MaxPointsPerTrace is 1" },
        { "InvalidParallelism", new ProfileOptions { MaxDegreeOfParallelism = -1 }, "MaxDegreeOfParallelism is -1" },
        { "InvalidZetaStep", new ProfileOptions { ZetaStep = -0.5 }, "ZetaStep is -0.5" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected_naming_the_option(string errorId, ProfileOptions options, string message)
    {
        var ex = Assert.Throws<LmmException>(() => LmmProfiler.Profile(SleepML.Value, options));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains(message, ex.Message);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and arrive late).</summary>
    private sealed class SynchronousProgress(Action<ProfileProgress> report) : IProgress<ProfileProgress>
    {
        public void Report(ProfileProgress value) => report(value);
    }
}
