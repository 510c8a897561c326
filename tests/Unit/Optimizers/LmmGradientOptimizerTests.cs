using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.Gradients;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B on the LMM objective, with finite-difference gradients until the analytic one exists: it
/// reaches the same optimum as BOBYQA and lme4's (the reference's tight optimum, re-polished to a gradient near
/// 1e-8), including Dyestuff2 whose optimum is exactly on the bound theta = 0.</summary>
public class LmmGradientOptimizerTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "sleepstudy_uncorr_REML.json", "Dyestuff_ML.json", "Dyestuff_REML.json",
        "Dyestuff2_REML.json", "Penicillin_ML.json", "Penicillin_REML.json", "Pastes_REML.json", "ranef_only_ML.json",
    };

    private static EstimationMethod MethodOf(JsonElement root) =>
        root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;

    private static double TightObjective(JsonElement root) =>
        root.TryGetProperty("tight_optimum", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.GetProperty("objective").GetDouble()
            : root.GetProperty("objective").GetDouble();

    /// <summary>The optimizer driven directly by FiniteDifference.Gradient on model.Objective (not through the
    /// fitter), from lme4's start, against a BOBYQA fit of the same design.</summary>
    [Theory]
    [InlineData("sleepstudy_ML.json")]
    [InlineData("sleepstudy_REML.json")]
    [InlineData("Dyestuff_ML.json")]
    [InlineData("Dyestuff_REML.json")]
    [InlineData("Dyestuff2_REML.json")]
    public void Finite_difference_gradients_reach_the_BOBYQA_optimum(string file)
    {
        using var doc = TestData.Reference(file);
        var method = MethodOf(doc.RootElement);
        var design = DevfunPointTests.DesignFor(file);
        var model = new LinearMixedModel(design);
        var lower = model.ThetaLower.ToArray();
        var upper = lower.Select(_ => double.PositiveInfinity).ToArray();
        double F(double[] theta) => model.Objective(theta, method);
        double FG(double[] theta, double[] gradient)
        {
            double value = F(theta);
            Array.Copy(FiniteDifference.Gradient(F, theta, lower, upper).Derivative, gradient, gradient.Length);
            return value;
        }

        var lbfgsb = new LBfgsBOptimizer().Minimize(FG, model.DefaultStartTheta.ToArray(), lower, upper,
            new OptimizerOptions { GradientTolerance = 1e-5, RelativeFunctionTolerance = 1e-12, StepTolerance = 1e-6 });
        var bobyqa = LmmFitter.Fit(design, new FitOptions { Method = method });
        double tight = TightObjective(doc.RootElement);
        output.WriteLine($"{file}: L-BFGS-B f={lbfgsb.Value:R} ({lbfgsb.Evaluations} f+g evaluations, pg {lbfgsb.ProjectedGradientNorm:G3}, {lbfgsb.Message}); " +
                         $"BOBYQA f={bobyqa.Objective:R} ({bobyqa.Evaluations}); tight {tight:R}; theta {string.Join(", ", lbfgsb.X)} vs {string.Join(", ", bobyqa.Theta)}");

        Assert.True(lbfgsb.Converged, lbfgsb.Message);
        Assert.True(Math.Abs(lbfgsb.Value - bobyqa.Objective) <= 1e-6 * Math.Abs(bobyqa.Objective),
            $"L-BFGS-B {lbfgsb.Value:R} vs BOBYQA {bobyqa.Objective:R}");
        Assert.True(lbfgsb.Value <= tight + 1e-9 * Math.Abs(tight), $"L-BFGS-B {lbfgsb.Value:R} above the tight optimum {tight:R}");
        for (int i = 0; i < lbfgsb.X.Length; i++)
            Assert.True(Math.Abs(lbfgsb.X[i] - bobyqa.Theta[i]) <= 1e-3 * Math.Max(1, Math.Abs(bobyqa.Theta[i])),
                $"theta[{i}] {lbfgsb.X[i]} vs BOBYQA {bobyqa.Theta[i]}");
    }

    /// <summary>The whole fit with OptimizerKind.LBfgsB: lme4's objective or better, reported as converged with a
    /// projected gradient, every evaluation reported as progress.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_with_LBfgsB_reaches_the_lme4_optimum(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var progress = new Recorder();
        var fit = LmmFitter.Fit(DevfunPointTests.DesignFor(file),
            new FitOptions { Method = MethodOf(root), OptimizerKind = OptimizerKind.LBfgsB }, progress);
        double lme4 = root.GetProperty("objective").GetDouble(), tight = TightObjective(root);
        output.WriteLine($"{file}: f={fit.Objective:R} lme4 {lme4:R} tight {tight:R} diff {fit.Objective - tight:E2}; " +
                         $"{fit.Evaluations} evaluations (lme4 {root.GetProperty("feval").GetInt32()}), pg {fit.ProjectedGradientNorm:G3}, " +
                         $"{fit.Elapsed.TotalMilliseconds:F0} ms; {fit.ConvergenceMessage}");

        Assert.Equal("LBFGSB", fit.OptimizerName);
        Assert.True(fit.Converged, fit.ConvergenceMessage);
        Assert.True(fit.Objective <= lme4 + 1e-6 * Math.Abs(lme4), $"objective {fit.Objective:R} above lme4's {lme4:R}");
        Assert.InRange(fit.ProjectedGradientNorm, 0, ThetaOptimizer.GradientTolerance * 100);
        Assert.Equal(fit.Evaluations, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, fit.Evaluations), progress.Reports.Select(p => p.Evaluation));
    }

    [Fact]
    public void A_variance_whose_optimum_is_zero_lands_exactly_on_zero()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff("data/Dyestuff2.csv"),
            new FitOptions { Method = EstimationMethod.REML, OptimizerKind = OptimizerKind.LBfgsB });

        // lme4: theta = 0, a singular fit (reference/Dyestuff2_REML.json).
        Assert.Equal(0.0, fit.Theta[0]);
        Assert.True(fit.IsSingular);
        Assert.Equal(0.0, fit.ProjectedGradientNorm);
    }

    [Fact]
    public void Cancellation_stops_an_LBfgsB_fit()
    {
        using var cts = new CancellationTokenSource();
        var progress = new Recorder(p => { if (p.Evaluation == 2) cts.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(),
            new FitOptions { OptimizerKind = OptimizerKind.LBfgsB }, progress, cts.Token));
        Assert.Equal(2, progress.Reports.Count);
    }

    [Fact]
    public void MaxEvaluations_bounds_the_gradient_evaluations()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(),
            new FitOptions { OptimizerKind = OptimizerKind.LBfgsB, MaxEvaluations = 3 });

        Assert.False(fit.Converged);
        Assert.Equal(3, fit.Evaluations);
        Assert.Contains(fit.Warnings, w => w.Contains("MaxEvaluations = 3"));
    }

    [Fact]
    public void A_BOBYQA_fit_also_reports_the_exact_projected_gradient_at_its_optimum()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff(), new FitOptions { OptimizerKind = OptimizerKind.Bobyqa });

        // The gradient at the optimum comes from the analytic gradient, whichever optimizer found the optimum.
        Assert.Equal("BOBYQA", fit.OptimizerName);
        Assert.Equal(fit.Gradient.Max(Math.Abs), fit.ProjectedGradientNorm);
        Assert.InRange(fit.ProjectedGradientNorm, 0, 1e-3);
    }

    [Fact]
    public void An_undefined_optimizer_kind_is_an_UnknownOptimizer_error_naming_the_choices()
    {
        var e = Assert.Throws<LmmException>(() => LmmFitter.Fit(HandBuiltDesigns.Dyestuff(),
            new FitOptions { OptimizerKind = (OptimizerKind)7 }));

        Assert.Equal("UnknownOptimizer", e.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("OptimizerKind 7", e.Message);
        Assert.Contains("Bobyqa, LBfgsB", e.Message);
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder(Action<FitProgress>? onReport = null) : IProgress<FitProgress>
    {
        public List<FitProgress> Reports { get; } = new();

        public void Report(FitProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
