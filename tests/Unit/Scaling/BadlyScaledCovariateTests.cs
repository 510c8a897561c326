using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Scaling;

/// <summary>Issue 17 item 2: a covariate far from zero or on an extreme scale is an exact reparametrisation of the
/// well-scaled model, so the fit must reach lme4's optimum for the well-scaled data (sleepstudy_ML.json,
/// sleepstudy_REML.json) with the closed-form map of every estimate. With x = a Days + c the columns [1, x] = [1, Days] T^-1
/// = [1, Days] S with S = [[1, c], [0, a]]: the ML deviance is unchanged, the REML criterion gains 2 log|det S| = 2 log|a|,
/// the slope is beta_Days / a and its random-effect SD SD_Days / |a|. Before the fix: x = Days/9 + 1e6 gave the ML
/// deviance 1880.99 (lme4 1751.94) and Days * 1e-150 gave 1095.69-like nonsense.</summary>
public class BadlyScaledCovariateTests
{
    internal static ModelDesign SleepstudyWith(Func<double, double> covariate, Func<double, double>? response = null)
    {
        const string f = "data/sleepstudy.csv";
        var y = HandBuiltDesigns.Numeric(f, "Reaction").Select(response ?? (v => v)).ToArray();
        var x = HandBuiltDesigns.Numeric(f, "Days").Select(covariate).ToArray();
        var one = HandBuiltDesigns.Ones(y.Length);
        return HandBuiltDesigns.Design("Reaction ~ x + (x | Subject)", y, new[] { ("(Intercept)", one), ("x", x) },
            HandBuiltDesigns.Term("Subject", HandBuiltDesigns.Factor(f, "Subject"), ("(Intercept)", one), ("x", x)));
    }

    /// <summary>X beta + Z b for every row, from the design and the fit's estimates.</summary>
    internal static double[] Fitted(ModelDesign d, FitResult fit)
    {
        int n = d.RowCount;
        var result = new double[n];
        for (int j = 0; j < d.FixedEffectCount; j++)
            for (int i = 0; i < n; i++)
                result[i] += d.X[j * n + i] * fit.FixedEffects[j].Estimate;
        for (int t = 0; t < d.RandomTerms.Count; t++)
        {
            var term = d.RandomTerms[t];
            int k = term.ColumnCount;
            var modes = fit.RandomEffects[t].Modes;
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++)
                    result[i] += term.Z[i * k + c] * modes[term.LevelIndex[i] * k + c];
        }
        return result;
    }

    private static double Ref(string file, string property)
    {
        using var doc = TestData.Reference(file);
        return doc.RootElement.GetProperty(property).GetDouble();
    }

    private static double RefBeta(string file, string name)
    {
        using var doc = TestData.Reference(file);
        return doc.RootElement.GetProperty("beta").GetProperty(name).GetDouble();
    }

    private static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(1.0 / 9, 1e6, EstimationMethod.ML, OptimizerKind.LBfgsB)]
    [InlineData(1.0 / 9, 1e6, EstimationMethod.ML, OptimizerKind.Bobyqa)]
    [InlineData(1.0 / 9, 1e6, EstimationMethod.REML, OptimizerKind.LBfgsB)]
    [InlineData(1e-150, 0.0, EstimationMethod.ML, OptimizerKind.LBfgsB)]
    [InlineData(1e-150, 0.0, EstimationMethod.REML, OptimizerKind.Bobyqa)]
    [InlineData(1e8, -3e9, EstimationMethod.REML, OptimizerKind.LBfgsB)]
    [InlineData(1e-3, -0.1, EstimationMethod.ML, OptimizerKind.LBfgsB)]
    public void A_shifted_or_scaled_covariate_reaches_lme4s_optimum(double a, double c, EstimationMethod method, OptimizerKind optimizer)
    {
        string file = method == EstimationMethod.ML ? "sleepstudy_ML.json" : "sleepstudy_REML.json";
        var fit = LmmFitter.Fit(SleepstudyWith(d => a * d + c), new FitOptions { Method = method, OptimizerKind = optimizer });
        double expected = Ref(file, "objective") + (method == EstimationMethod.REML ? 2.0 * Math.Log(Math.Abs(a)) : 0.0);
        Relative(expected, fit.Objective, 1e-8, "objective");
        Relative(Ref(file, "sigma"), fit.Sigma, 1e-5, "sigma");
        Relative(RefBeta(file, "Days") / a, fit.FixedEffects[1].Estimate, 1e-5, "slope");
        // beta_int = beta_(Intercept) - c beta_Days / a: with c / a = 9e6 it cancels, so its scale is the terms'.
        double intercept = RefBeta(file, "(Intercept)") - c * RefBeta(file, "Days") / a;
        Assert.True(Math.Abs(fit.FixedEffects[0].Estimate - intercept) <= 1e-5 * (Math.Abs(intercept) + Math.Abs(c * RefBeta(file, "Days") / a)),
            $"intercept: expected {intercept:R}, got {fit.FixedEffects[0].Estimate:R}");
        Assert.True(fit.Converged, fit.ConvergenceMessage);
    }

    [Fact]
    public void The_slope_sd_and_fitted_values_map_back_exactly()
    {
        var plain = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = EstimationMethod.ML });
        var design = SleepstudyWith(d => d / 9 + 1e6);
        var shifted = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        Relative(9 * plain.VarianceComponents[0].StdDev[1], shifted.VarianceComponents[0].StdDev[1], 1e-5, "slope SD");
        var a = Fitted(HandBuiltDesigns.Sleepstudy(), plain);
        var b = Fitted(design, shifted);
        double scale = a.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 * scale, $"row {i}: {a[i]:R} vs {b[i]:R}");
        for (int level = 0; level < 18; level++)
            Relative(9 * plain.RandomEffects[0].Modes[level * 2 + 1], shifted.RandomEffects[0].Modes[level * 2 + 1], 1e-4, $"slope mode {level}");
        Relative(9 * plain.RandomEffects[0].ConditionalSD[1], shifted.RandomEffects[0].ConditionalSD[1], 1e-5, "slope conditional SD");
        Assert.Contains(shifted.Warnings, w => w.Contains("reparametrisation", StringComparison.Ordinal));
    }

    [Fact]
    public void A_response_far_from_zero_reaches_the_optimum_with_the_closed_form_shift()
    {
        // y' = 1e6 y + 1e9: pwrss scales by 1e12, so the ML deviance gains N log 1e12.
        var fit = LmmFitter.Fit(SleepstudyWith(d => d, y => 1e6 * y + 1e9), new FitOptions { Method = EstimationMethod.ML });
        Relative(Ref("sleepstudy_ML.json", "objective") + 180 * Math.Log(1e12), fit.Objective, 1e-8, "objective");
        Relative(1e6 * Ref("sleepstudy_ML.json", "sigma"), fit.Sigma, 1e-5, "sigma");
        Relative(1e6 * RefBeta("sleepstudy_ML.json", "(Intercept)") + 1e9, fit.FixedEffects[0].Estimate, 1e-8, "intercept");
    }
}
