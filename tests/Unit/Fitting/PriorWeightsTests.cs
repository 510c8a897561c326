using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Gradients;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Design;

namespace LmmPS.Tests.Fitting;

/// <summary>Prior weights (lme4's weights =, Var(e_i) = sigma^2 / w_i) against lme4: the ff_sleepstudy_weights_*.json
/// references (objective at lme4's theta, the fit, Pearson residuals), lme4/lmerTest numbers those files lack
/// (reference/weights/weights_lme4_checks.json: hat values, scaled residuals, Satterthwaite and Kenward-Roger df), closed
/// forms (unit weights = no weights bit for bit; integer weights = replicated rows for the penalized least squares;
/// all weights doubled = the same objective at theta / sqrt 2) and finite differences (gradient, Hessian approximation).</summary>
public class PriorWeightsTests
{
    private const string Formula = "Reaction ~ Days + (Days | Subject)";

    private static ModelDesign Weighted() =>
        DesignBuilder.Build(FormulaParser.Parse(Formula), DesignTestData.Load("sleepstudy_w_off"), "w");

    private static ModelDesign Unweighted() =>
        DesignBuilder.Build(FormulaParser.Parse(Formula), DesignTestData.Load("sleepstudy_w_off"));

    private static ModelDesign WithWeights(ModelDesign d, double[]? weights, double[]? response = null, double[]? x = null,
        IReadOnlyList<RandomEffectsTerm>? terms = null, int[]? rows = null) =>
        new(d.Formula, response ?? d.Response, x ?? d.X, d.FixedEffectNames, d.DroppedFixedEffects, terms ?? d.RandomTerms,
            rows ?? d.RowsUsed, d.RowsDropped, d.Schema) { Weights = weights, WeightsColumn = weights is null ? null : "w" };

    private static JsonDocument Checks() => JsonDocument.Parse(File.ReadAllText(TestData.File("reference/weights/weights_lme4_checks.json")));

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void Near(double expected, double actual, double relative, string label) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(1.0, Math.Abs(expected)), $"{label}: {actual:R} against {expected:R}");

    [Theory]
    [InlineData("ff_sleepstudy_weights_REML.json", EstimationMethod.REML)]
    [InlineData("ff_sleepstudy_weights_ML.json", EstimationMethod.ML)]
    public void The_objective_at_lme4s_points_and_the_fit_match_lme4(string file, EstimationMethod method)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var design = Weighted();
        Assert.Equal("w", design.WeightsColumn);
        var model = new LinearMixedModel(design);
        foreach (var point in root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            var theta = Numbers(point.GetProperty("theta"));
            var at = model.Evaluate(theta, method);
            Near(point.GetProperty("value").GetDouble(), at.Objective, 1e-10, $"{file} objective");
            Near(point.GetProperty("sigma").GetDouble(), at.Sigma, 1e-8, $"{file} sigma");
            var beta = Numbers(point.GetProperty("beta"));
            for (int j = 0; j < beta.Length; j++) Near(beta[j], at.Beta[j], 1e-8, $"{file} beta[{j}]");
        }

        var fit = LmmFitter.Fit(design, new FitOptions { Method = method });
        var tight = root.GetProperty("tight_optimum");
        Near(tight.GetProperty("objective").GetDouble(), fit.Objective, 1e-10, "objective");
        Near(root.GetProperty("logLik").GetDouble(), fit.LogLikelihood, 1e-9, "logLik");
        Near(root.GetProperty("BIC").GetDouble(), fit.BIC, 1e-9, "BIC (log of 180 rows)");
        var pearson = Numbers(root.GetProperty("weights_info").GetProperty("pearson_residuals_first"));
        var residuals = Residuals.Compute(fit);
        for (int i = 0; i < pearson.Length; i++)
            Assert.True(Math.Abs(residuals.Pearson[i] - pearson[i]) < 1e-3, $"Pearson [{i}] {residuals.Pearson[i]:R} against {pearson[i]:R}");
    }

    [Fact]
    public void Unit_weights_give_the_unweighted_objective_bit_for_bit()
    {
        var plain = Unweighted();
        var ones = WithWeights(plain, Enumerable.Repeat(1.0, plain.RowCount).ToArray());
        var a = new LinearMixedModel(plain);
        var b = new LinearMixedModel(ones);
        foreach (var theta in new[] { new[] { 1.0, 0.0, 1.0 }, new[] { 0.93, 0.018, 0.22 }, new[] { 0.0, 0.5, 0.3 } })
            foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            {
                Assert.Equal(a.Objective(theta, method), b.Objective(theta, method));
                Assert.Equal(a.Gradient(theta, method), b.Gradient(theta, method));
            }
    }

    [Fact]
    public void Integer_weights_solve_the_same_penalized_least_squares_as_replicated_rows()
    {
        // sum_i w_i r_i^2 + |u|^2 with integer w_i is the unweighted PLS of the data with row i repeated w_i times: the
        // same beta, u, pwrss and log|L_Z|^2 at every theta; the criteria then differ only by the closed form below.
        var weighted = Weighted();
        var w = weighted.Weights!;
        int n = weighted.RowCount, p = weighted.FixedEffectCount;
        var copies = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(i, (int)w[i])).ToArray();
        int m = copies.Length;
        var x = new double[m * p];
        for (int j = 0; j < p; j++)
            for (int r = 0; r < m; r++) x[j * m + r] = weighted.X[j * n + copies[r]];
        var terms = weighted.RandomTerms.Select(t =>
        {
            int k = t.ColumnCount;
            var z = new double[m * k];
            for (int r = 0; r < m; r++)
                for (int c = 0; c < k; c++) z[r * k + c] = t.Z[copies[r] * k + c];
            return new RandomEffectsTerm(t.Group, t.Levels, copies.Select(i => t.LevelIndex[i]).ToArray(), k, z, t.ColumnNames);
        }).ToArray();
        var replicated = WithWeights(weighted, null, copies.Select(i => weighted.Response[i]).ToArray(), x, terms, copies);

        var a = new LinearMixedModel(weighted);
        var b = new LinearMixedModel(replicated);
        double sumLog = w.Sum(Math.Log);
        foreach (var theta in new[] { new[] { 1.0, 0.0, 1.0 }, new[] { 0.8, -0.02, 0.2 } })
        {
            var pw = a.Evaluate(theta, EstimationMethod.ML);
            var pr = b.Evaluate(theta, EstimationMethod.ML);
            Near(pr.PenalizedRss, pw.PenalizedRss, 1e-11, "pwrss");
            Near(pr.LogDetLZSquared, pw.LogDetLZSquared, 1e-11, "ldL2");
            for (int j = 0; j < p; j++) Near(pr.Beta[j], pw.Beta[j], 1e-11, $"beta[{j}]");
            double expected = n * (1 + Math.Log(2 * Math.PI * pr.PenalizedRss / n)) + pr.LogDetLZSquared - sumLog;
            Near(expected, pw.Objective, 1e-12, "ML deviance with n rows and -sum log w");
        }
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void Doubling_the_weights_keeps_objective_and_beta_at_theta_over_sqrt2_and_doubles_sigma_squared(EstimationMethod method)
    {
        // sigma^2 (Z Lambda Lambda'Z' + W^-1) = 2 sigma^2 (Z (Lambda / sqrt 2)(Lambda / sqrt 2)'Z' + (2W)^-1).
        var design = Weighted();
        var doubled = WithWeights(design, design.Weights!.Select(v => 2 * v).ToArray());
        var a = new LinearMixedModel(design);
        var b = new LinearMixedModel(doubled);
        foreach (var theta in new[] { new[] { 1.0, 0.0, 1.0 }, new[] { 0.8, -0.02, 0.2 } })
        {
            var pa = a.Evaluate(theta, method);
            var pb = b.Evaluate(theta.Select(t => t / Math.Sqrt(2)).ToArray(), method);
            Near(pa.Objective, pb.Objective, 1e-12, "objective");
            Near(pa.Sigma * Math.Sqrt(2), pb.Sigma, 1e-12, "sigma");
            for (int j = 0; j < pa.Beta.Count; j++) Near(pa.Beta[j], pb.Beta[j], 1e-11, $"beta[{j}]");
        }
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void The_analytic_gradient_matches_finite_differences(EstimationMethod method)
    {
        foreach (var theta in new[] { new[] { 1.0, 0.0, 1.0 }, new[] { 0.8, -0.02, 0.2 }, new[] { 1.3, 0.2, 0.4 } })
            foreach (var row in GradientCheck.CheckGradient(Weighted(), theta, method))
                Assert.True(Math.Abs(row.Analytic - row.Numeric) <= 1e-5 * Math.Max(1, Math.Abs(row.Numeric)),
                    $"{method} {row.Parameter}: analytic {row.Analytic:R} finite difference {row.Numeric:R}");
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void The_average_information_Hessian_is_within_two_percent_of_finite_differences_at_the_optimum(EstimationMethod method)
    {
        var design = Weighted();
        var theta = LmmFitter.Fit(design, new FitOptions { Method = method }).Theta.ToArray();
        var (_, _, relative) = AverageInformationTests.AgainstFiniteDifferences(new LinearMixedModel(design), theta, method);
        Assert.True(relative < 0.02, $"relative distance {relative:E2}");
    }

    [Fact]
    public void Hat_values_scaled_residuals_and_the_df_methods_match_lme4_and_lmerTest()
    {
        using var doc = Checks();
        var reml = doc.RootElement.GetProperty("REML");
        var fit = LmmFitter.Fit(Weighted(), new FitOptions { Method = EstimationMethod.REML });
        Near(reml.GetProperty("objective").GetDouble(), fit.Objective, 1e-10, "objective");

        var hat = Leverage.Compute(fit);
        var refHat = Numbers(reml.GetProperty("hatvalues"));
        Assert.Equal(refHat.Length, hat.Length);
        for (int i = 0; i < hat.Length; i++) Assert.True(Math.Abs(hat[i] - refHat[i]) < 1e-6, $"hat [{i}] {hat[i]:R} against {refHat[i]:R}");
        var scaled = Numbers(reml.GetProperty("scaled_residuals"));
        var residuals = Residuals.Compute(fit);
        for (int i = 0; i < scaled.Length; i++)
            Assert.True(Math.Abs(residuals.Scaled[i] - scaled[i]) < 1e-5, $"scaled [{i}] {residuals.Scaled[i]:R} against {scaled[i]:R}");

        // lmerTest's Satterthwaite on the weighted fit; pbkrtest ignores the weights, so Kenward-Roger comes from pbkrtest
        // on the unweighted model of the whitened data (sqrt(w) y, sqrt(w) X, sqrt(w) Z), the same model.
        var root = doc.RootElement;
        foreach (var (expected, key, method) in new[]
        {
            (root.GetProperty("satterthwaite"), "satterthwaite", DegreesOfFreedomMethod.Satterthwaite),
            (root.GetProperty("whitened").GetProperty("kenward_roger"), "kenward_roger", DegreesOfFreedomMethod.KenwardRoger),
        })
        {
            var tests = FixedEffectInference.For(fit, method).Coefficients();
            var df = Numbers(expected.GetProperty("df"));
            var se = Numbers(expected.GetProperty("se"));
            for (int j = 0; j < tests.Count; j++)
            {
                Near(df[j], tests[j].DF, 1e-4, $"{key} df[{j}]");
                Near(se[j], tests[j].StdError, 1e-5, $"{key} se[{j}]");
            }
        }
    }

    [Fact]
    public void A_weighted_design_with_days_plus_a_million_has_the_df_of_days()
    {
        // Issue 20: D = Days + 1e6 in X and as the random slope is an exact reparametrisation, so the slope's df and SE
        // are lmerTest's (Satterthwaite) and pbkrtest's on the whitened data (Kenward-Roger) for Days, at the fit's own
        // optimum (hence 1e-4, as above). The tests run on the fit's reparametrisation, whitened afterwards.
        using var doc = Checks();
        var design = Weighted();
        int n = design.RowCount;
        var x = (double[])design.X.Clone();
        for (int i = 0; i < n; i++) x[n + i] += 1e6;
        var term = design.RandomTerms[0];
        var z = (double[])term.Z.Clone();
        for (int i = 0; i < n; i++) z[i * 2 + 1] += 1e6;
        var shifted = WithWeights(design, design.Weights, x: x,
            terms: new[] { new RandomEffectsTerm(term.Group, term.Levels, term.LevelIndex, term.ColumnCount, z, term.ColumnNames) });
        var fit = LmmFitter.Fit(shifted, new FitOptions { Method = EstimationMethod.REML });
        var root = doc.RootElement;
        foreach (var (expected, method) in new[]
        {
            (root.GetProperty("satterthwaite"), DegreesOfFreedomMethod.Satterthwaite),
            (root.GetProperty("whitened").GetProperty("kenward_roger"), DegreesOfFreedomMethod.KenwardRoger),
        })
        {
            var slope = FixedEffectInference.For(fit, method).Coefficients()[1];
            Near(Numbers(expected.GetProperty("df"))[1], slope.DF, 1e-4, $"{method} df of D");
            Near(Numbers(expected.GetProperty("se"))[1], slope.StdError, 1e-5, $"{method} se of D");
        }
    }

    [Fact]
    public void A_badly_scaled_weighted_design_is_fitted_through_the_reparametrisation_exactly()
    {
        // y' = c y + d (c = 1e6, d = 1e9; an intercept in X): the ML deviance gains 2 n log c, theta is unchanged,
        // beta and sigma scale by c (the intercept also gains d). The weights' -sum log w is in both.
        const double c = 1e6, d = 1e9;
        var design = Weighted();
        var shifted = WithWeights(design, design.Weights, design.Response.Select(v => c * v + d).ToArray());
        var options = new FitOptions { Method = EstimationMethod.ML };
        var fit = LmmFitter.Fit(design, options);
        var big = LmmFitter.Fit(shifted, options);
        Near(fit.Objective + 2 * design.RowCount * Math.Log(c), big.Objective, 1e-10, "objective");
        for (int i = 0; i < fit.Theta.Count; i++) Assert.True(Math.Abs(fit.Theta[i] - big.Theta[i]) < 1e-5, $"theta[{i}]");
        Near(c * fit.Sigma, big.Sigma, 1e-6, "sigma");
        Near(c * fit.FixedEffects[0].Estimate + d, big.FixedEffects[0].Estimate, 1e-9, "intercept");
        Near(c * fit.FixedEffects[1].Estimate, big.FixedEffects[1].Estimate, 1e-6, "Days");
    }

    [Fact]
    public void Simulated_noise_has_sd_sigma_over_sqrt_w()
    {
        // theta = 0 and beta = 0 leave only the noise; the draws come in the same order with and without weights.
        var design = Weighted();
        var plain = WithWeights(design, null);
        var zero = new double[design.ThetaCount];
        var beta = new double[design.FixedEffectCount];
        var yw = ResponseSimulator.Simulate(design, zero, beta, 3.0, new Random(7));
        var y1 = ResponseSimulator.Simulate(plain, zero, beta, 3.0, new Random(7));
        for (int i = 0; i < yw.Length; i++)
            Near(y1[i], yw[i] * Math.Sqrt(design.Weights![i]), 1e-14, $"row {i}");
    }

    [Fact]
    public void A_new_response_keeps_the_weights()
    {
        var design = Weighted();
        var model = new LinearMixedModel(design);
        var fresh = new LinearMixedModel(Weighted());
        var theta = new[] { 0.8, -0.02, 0.2 };
        var y = design.Response.Select((v, i) => v + 10 * Math.Sin(i)).ToArray();
        model.SetResponse(y);
        var expected = new LinearMixedModel(WithWeights(design, design.Weights, y)).Objective(theta, EstimationMethod.REML);
        Assert.Equal(expected, model.Objective(theta, EstimationMethod.REML));
        Assert.Equal(expected, fresh.WithResponse(y).Objective(theta, EstimationMethod.REML));
        Assert.Same(design.Weights, model.Design.Weights);
    }

    private static DataFrame WithWeightColumn(double[] w, Column? replace = null)
    {
        var data = DesignTestData.Load("sleepstudy_w_off");
        var columns = data.Columns.Where(c => c.Name != "w").ToList();
        columns.Add(replace ?? new NumericColumn("w", w));
        return new DataFrame(columns);
    }

    private static double[] OriginalWeights()
    {
        Assert.True(DesignTestData.Load("sleepstudy_w_off").TryGetColumn("w", out var column));
        return ((NumericColumn)column).Values.ToArray();
    }

    [Theory]
    [InlineData(0.0, "WeightNotPositive", "is 0")]
    [InlineData(-1.5, "WeightNotPositive", "-1.5")]
    [InlineData(double.PositiveInfinity, "WeightNotFinite", "Infinity")]
    public void A_zero_negative_or_infinite_weight_is_an_error_naming_column_row_and_value(double bad, string id, string shown)
    {
        var w = OriginalWeights();
        w[4] = bad;
        var e = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse(Formula), WithWeightColumn(w), "w"));
        Assert.Equal(id, e.ErrorId);
        Assert.Equal("w", e.Column);
        Assert.Equal(5, e.Row);
        Assert.Contains("data row 5", e.Message);
        Assert.Contains(shown, e.Message);
    }

    [Fact]
    public void A_missing_weight_drops_its_row_as_lme4_does()
    {
        using var doc = Checks();
        var w = OriginalWeights();
        w[2] = double.NaN;
        var design = DesignBuilder.Build(FormulaParser.Parse(Formula), WithWeightColumn(w), "w");
        Assert.Equal(doc.RootElement.GetProperty("missing_weight").GetProperty("nobs").GetInt32(), design.RowCount);
        Assert.DoesNotContain(2, design.RowsUsed);
        Assert.Equal(1, design.RowsDropped);
    }

    [Fact]
    public void A_categorical_or_absent_weights_column_is_an_error_naming_it()
    {
        var labels = new CategoricalColumn("w", new int[180], new[] { "heavy" });
        var e = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse(Formula), WithWeightColumn(Array.Empty<double>(), labels), "w"));
        Assert.Equal("NonNumericWeights", e.ErrorId);
        Assert.Equal("w", e.Column);
        var absent = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse(Formula), DesignTestData.Load("sleepstudy_w_off"), "W"));
        Assert.Equal("WeightsColumnNotFound", absent.ErrorId);
        Assert.Contains("Did you mean 'w'?", absent.Message);
    }

    [Fact]
    public void A_fixed_effect_prior_with_weights_is_refused()
    {
        var prior = FixedEffectPrior.FromStandardDeviations(new[] { 10.0 });
        var e = Assert.Throws<LmmException>(() => LmmFitter.Fit(Weighted(), new FitOptions { FixedEffectPrior = prior }));
        Assert.Equal("WeightsWithPrior", e.ErrorId);
    }
}
