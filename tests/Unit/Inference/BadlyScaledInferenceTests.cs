using System.Text.Json;
using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using LmmPS.Tests.Scaling;

namespace LmmPS.Tests.Inference;

/// <summary>Issue 20 (and 17 item 2): tests of fixed effects on a design with a covariate or response far from zero or
/// on an extreme scale are the tests of the well-scaled model it exactly reparametrises. Before the fix they were
/// computed from the cross-products of the columns as given: x = Days + 1e6 in sleepstudy gave the slope a
/// Satterthwaite df of 47.61 where lmerTest gives 17.00 for Days (inf_sleepstudy_REML.json). lmerTest itself is not
/// stable on the shifted data (22.59 at 1e6), so the reference is always the unshifted model, evaluated at the
/// reference's tight optimum mapped into the shifted parametrisation (closed form below).</summary>
public class BadlyScaledInferenceTests
{
    private const string Sleepstudy = "inf_sleepstudy_REML.json";

    /// <summary>Theta of the model with x = a Days + c and y' = s y + d from the model's theta on Days: [1, x] = [1, Days] S
    /// with S = [[1, c], [0, a]], so b' = S^-1 b and Lambda' Lambda'^T = S^-1 Lambda Lambda^T S^-T (theta is relative to
    /// sigma, so s and d do not enter). Its lower Cholesky factor from M = S^-1 Lambda: L11 = |row 1 of M|,
    /// L21 = (row 2 . row 1) / L11 and L22 = |det M| / L11 with det M = l11 l22 / a exactly (no cancellation).</summary>
    internal static double[] MappedTheta(double[] theta, double a, double c)
    {
        double l11 = theta[0], l21 = theta[1], l22 = theta[2];
        double m11 = l11 - c / a * l21, m12 = -c / a * l22, m21 = l21 / a, m22 = l22 / a;
        double n11 = Math.Sqrt(m11 * m11 + m12 * m12);
        return new[] { n11, (m21 * m11 + m22 * m12) / n11, Math.Abs(l11 * l22 / a) / n11 };
    }

    private static JsonElement DaysRow(InferenceCase c, string section) =>
        c.Tight.GetProperty(section).GetProperty("coefficients")[1];

    [Theory]
    [InlineData(1.0, 1e6, 1.0, 0.0)]          // the D = Days + 1e6: df 47.61 before
    [InlineData(1e-8, 0.0, 1.0, 0.0)]         // a covariate on a tiny scale
    [InlineData(1.0, 0.0, 1e5, 1e9)]          // a response shifted and scaled
    [InlineData(1.0 / 9, 1e6, 1e5, 1e9)]      // all at once
    public void Slope_tests_equal_lmerTests_for_the_well_scaled_model(double a, double c, double s, double d)
    {
        var reference = InferenceCase.Load(Sleepstudy);
        var design = BadlyScaledCovariateTests.SleepstudyWith(v => a * v + c, y => s * y + d);
        Assert.True(LmmPS.Core.Scaling.DesignScaling.IsNeeded(design), "the case must exercise the reparametrisation");
        var theta = MappedTheta(reference.TightTheta, a, c);
        string label = $"x = {a:R} Days + {c:R}, y' = {s:R} y + {d:R}";

        var sat = FixedEffectInference.At(design, theta, EstimationMethod.REML, DegreesOfFreedomMethod.Satterthwaite).Coefficients()[1];
        var e = DaysRow(reference, "satterthwaite");
        InferenceCase.Close(e.GetProperty("df").GetDouble(), sat.DF, 1e-6, label + " Satterthwaite df");
        InferenceCase.Close(e.GetProperty("t").GetDouble() * Math.Sign(a), sat.TValue, 1e-6, label + " t");
        InferenceCase.CloseP(e.GetProperty("p").GetDouble(), sat.PValue, 1e-6, label + " p");
        InferenceCase.Close(e.GetProperty("estimate").GetDouble() * s / a, sat.Estimate, 1e-6, label + " estimate");
        InferenceCase.Close(e.GetProperty("se").GetDouble() * s / Math.Abs(a), sat.StdError, 1e-6, label + " se");

        var kr = FixedEffectInference.At(design, theta, EstimationMethod.REML, DegreesOfFreedomMethod.KenwardRoger).Coefficients()[1];
        var k = DaysRow(reference, "kenward_roger");
        InferenceCase.Close(k.GetProperty("df").GetDouble(), kr.DF, 1e-6, label + " Kenward-Roger df");
        InferenceCase.Close(k.GetProperty("t").GetDouble() * Math.Sign(a), kr.TValue, 1e-6, label + " Kenward-Roger t");
    }

    [Fact]
    public void Invoke_path_fit_then_tests_gives_the_reference_df_for_days_plus_a_million()
    {
        // The coefficient table of Invoke-LmmFit comes from FixedEffectInference.For at the fit's own optimum (lme4-like
        // tolerance, so the df agree with the tight reference to the optimum's accuracy, not to 1e-6).
        var fit = LmmFitter.Fit(BadlyScaledCovariateTests.SleepstudyWith(v => v + 1e6), new FitOptions { Method = EstimationMethod.REML });
        var row = FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite).Coefficients()[1];
        var expected = DaysRow(InferenceCase.Load(Sleepstudy), "satterthwaite").GetProperty("df").GetDouble();
        InferenceCase.Close(expected, row.DF, 1e-4, "df of D = Days + 1e6 at the fit's optimum");
    }

    private static (JsonElement Shifted, JsonElement Type3, ModelDesign Design, double[] Theta) ShiftedInteraction(double shift)
    {
        using var shifted = JsonDocument.Parse(File.ReadAllText(TestData.File(Path.Combine("inference", "shifted_covariate.json"))));
        using var type3 = JsonDocument.Parse(File.ReadAllText(TestData.File(Path.Combine("inference", "type3_interactions.json"))));
        var root = shifted.RootElement.Clone();
        string path = TestData.File(root.GetProperty("data_file").GetString()!);
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        Assert.True(data.TryGetColumn("Days", out var days));
        var values = ((NumericColumn)days).Values.ToArray().Select(v => v + shift).ToArray();
        var frame = new DataFrame(data.Columns.Append(new NumericColumn("D", values)).ToList());
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ D * period + (1 | Subject)"), frame);
        // The random intercept's theta does not change under the shift: the unshifted model's tight optimum.
        var theta = root.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var case0 = type3.RootElement.GetProperty("cases")[0].Clone();
        Assert.Equal("Reaction ~ Days * period + (1 | Subject)", case0.GetProperty("formula").GetString());
        return (root, case0, design, theta);
    }

    private static void SameF(JsonElement expected, FTest actual, string what)
    {
        Assert.Equal(expected.GetProperty("numdf").GetInt32(), actual.NumDF);
        InferenceCase.Close(expected.GetProperty("F").GetDouble(), actual.F, 1e-6, what + " F");
        InferenceCase.Close(expected.GetProperty("dendf").GetDouble(), actual.DenDF, 1e-6, what + " dendf");
        InferenceCase.CloseP(expected.GetProperty("p").GetDouble(), actual.PValue, 1e-6, what + " p");
    }

    /// <summary>Reaction ~ D * period with D = Days + c. The slope terms (D averaged over periods, D:period) test the same
    /// hypotheses as Days and Days:period of the unshifted model (type3_interactions.json case 0), and the joint test of
    /// the slopes is the same test. The period term is NOT invariant: it tests the period effect at D = 0, i.e. at
    /// Days = -c, which shifted_covariate.R computes in the unshifted model (lmerTest agrees at c = 100, where it is
    /// stable: F 1.2764 shifted against 0.8068 unshifted).</summary>
    [Theory]
    [InlineData(1e4, 0, "Satterthwaite")]
    [InlineData(1e4, 0, "KenwardRoger")]
    [InlineData(1e5, 1, "Satterthwaite")]
    [InlineData(1e5, 1, "KenwardRoger")]
    public void Type_III_of_a_factor_by_shifted_covariate_model_tests_the_mapped_hypotheses(double shift, int index, string methodName)
    {
        var method = Enum.Parse<DegreesOfFreedomMethod>(methodName);
        var (shifted, type3, design, theta) = ShiftedInteraction(shift);
        Assert.True(LmmPS.Core.Scaling.DesignScaling.IsNeeded(design), "the case must exercise the reparametrisation");
        var inference = FixedEffectInference.At(design, theta, EstimationMethod.REML, method);
        var rows = inference.TypeThree().ToDictionary(r => r.Term);
        var expected = type3.GetProperty(method == DegreesOfFreedomMethod.KenwardRoger ? "anova_type3_kr" : "anova_type3")
            .EnumerateArray().ToDictionary(r => r.GetProperty("term").GetString()!);
        string label = $"D = Days + {shift:R}, {methodName}";
        SameF(expected["Days"], rows["D"], label + " Type III D");
        SameF(expected["Days:period"], rows["D:period"], label + " Type III D:period");
        var period = shifted.GetProperty("period_at_minus_shift")[index];
        Assert.Equal(shift, period.GetProperty("shift").GetDouble());
        SameF(period.GetProperty(methodName), rows["period"], label + " Type III period (at Days = -shift)");

        // Joint test of the three slope coefficients; columns: (Intercept), D, periodmid, periodlate, D:periodmid, D:periodlate.
        Assert.Equal(new[] { "(Intercept)", "D", "periodmid", "periodlate", "D:periodmid", "D:periodlate" }, design.FixedEffectNames);
        var slopes = new double[3, 6];
        slopes[0, 1] = slopes[1, 4] = slopes[2, 5] = 1.0;
        SameF(shifted.GetProperty("slopes_joint").GetProperty(methodName), inference.Joint(slopes, "slopes"), label + " joint slopes");
    }
}
