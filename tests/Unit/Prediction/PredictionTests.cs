using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Core.Prediction;
using LmmPS.Tests.Design;

namespace LmmPS.Tests.Prediction;

/// <summary>Fitted values, residuals and predictions against lme4 (predict_*.json), with tolerances of ten times the
/// file's convergence_check differences.</summary>
public class PredictionTests
{
    [Theory]
    [InlineData("sleepstudy", "predict_sleepstudy_ML.json")]
    [InlineData("Penicillin", "predict_Penicillin_REML.json")]
    [InlineData("Pastes", "predict_Pastes_REML.json")]
    public void Fitted_residuals_and_predictions_match_lme4(string dataset, string reference)
    {
        using var doc = TestData.Reference(reference);
        var root = doc.RootElement;
        var cc = root.GetProperty("convergence_check");
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var design = DesignBuilder.Build(FormulaParser.Parse(root.GetProperty("formula").GetString()!), DesignTestData.Load(dataset));
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method });
        var r = Residuals.Compute(fit);

        double fittedTol = 10 * cc.GetProperty("max_abs_diff_fitted").GetDouble();
        AssertClose(Numbers(root, "fitted"), r.Fitted, fittedTol);
        AssertClose(Numbers(root.GetProperty("residuals"), "response"), r.Response, fittedTol);
        AssertClose(Numbers(root.GetProperty("residuals"), "pearson"), r.Pearson, fittedTol);
        AssertClose(Numbers(root.GetProperty("residuals"), "scaled"), r.Scaled, 10 * cc.GetProperty("max_abs_diff_scaled_residuals").GetDouble());

        var newData = DesignTestData.Load(dataset + "_newdata");
        AssertClose(Numbers(root, "predict_conditional"), Predictor.Predict(fit, newData, null, UnknownLevelPolicy.ZeroRandomEffect),
            10 * cc.GetProperty("max_abs_diff_predict_conditional").GetDouble());
        AssertClose(Numbers(root, "predict_population"), Predictor.Predict(fit, newData, Array.Empty<string>(), UnknownLevelPolicy.ZeroRandomEffect),
            Math.Max(1e-9, 10 * cc.GetProperty("max_abs_diff_predict_population").GetDouble()));
    }

    [Fact]
    public void Predicting_the_fits_own_rows_with_every_term_gives_the_fitted_values()
    {
        var data = DesignTestData.Load("Pastes");
        var fit = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("strength ~ 1 + (1 | batch) + (1 | batch:cask)"), data));
        Assert.Equal(Residuals.Compute(fit).Fitted, Predictor.Predict(fit, data, null, UnknownLevelPolicy.Error));
    }

    [Fact]
    public void An_unknown_grouping_name_is_an_error_listing_the_fits()
    {
        var data = DesignTestData.Load("Pastes");
        var fit = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("strength ~ 1 + (1 | batch) + (1 | batch:cask)"), data));
        var e = Assert.Throws<LmmPS.Core.Common.LmmException>(() => Predictor.Predict(fit, data, new[] { "cask" }, UnknownLevelPolicy.Error));
        Assert.Equal("UnknownGroupingFactor", e.ErrorId);
        Assert.Contains("'batch:cask'", e.Message);
    }

    [Fact]
    public void Covariance_correlation_matches_lme4_cor_beta()
    {
        using var doc = TestData.Reference("predict_sleepstudy_REML.json");
        var root = doc.RootElement;
        var fit = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy")));
        var r = FixedEffectsCorrelation.FromCovariance(fit.FixedEffectsCovariance);
        double tol = 10 * root.GetProperty("convergence_check").GetProperty("max_rel_diff_vcov_beta").GetDouble();
        var expected = root.GetProperty("cor_beta").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.True(Math.Abs(r[i, j] - expected[i][j]) <= tol, $"[{i},{j}] {r[i, j]} vs {expected[i][j]}");
    }

    private static double[] Numbers(JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"[{i}] ours {actual[i]} lme4 {expected[i]} (tol {tol})");
    }
}
