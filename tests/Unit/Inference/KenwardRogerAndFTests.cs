using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Inference;

/// <summary>Kenward-Roger (pbkrtest 0.5.2 through lmerTest), Type III tables and contrast tests against the files'
/// at_tight_optimum blocks.</summary>
public class KenwardRogerAndFTests
{
    public static TheoryData<string> Cases => SatterthwaiteTests.Cases;

    public static TheoryData<string, string> Methods => new()
    {
        { "inf_sleepstudy_REML.json", "Satterthwaite" }, { "inf_sleepstudy_REML.json", "KenwardRoger" },
        { "inf_sleepstudy_period_REML.json", "Satterthwaite" }, { "inf_sleepstudy_period_REML.json", "KenwardRoger" },
    };

    private static FixedEffectInference At(InferenceCase c, DegreesOfFreedomMethod method) =>
        FixedEffectInference.At(c.Design, c.TightTheta, EstimationMethod.REML, method);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kenward_Roger_coefficients_and_adjusted_covariance_match_pbkrtest(string file)
    {
        var c = InferenceCase.Load(file);
        var inference = At(c, DegreesOfFreedomMethod.KenwardRoger);
        var kr = c.Tight.GetProperty("kenward_roger");
        var rows = inference.Coefficients();
        var expected = kr.GetProperty("coefficients").EnumerateArray().ToArray();
        for (int j = 0; j < rows.Count; j++)
        {
            InferenceCase.Close(expected[j].GetProperty("se").GetDouble(), rows[j].StdError, 1e-7, $"{file} {rows[j].Name} se");
            InferenceCase.Close(expected[j].GetProperty("df").GetDouble(), rows[j].DF, 1e-6, $"{file} {rows[j].Name} df");
            InferenceCase.CloseP(expected[j].GetProperty("p").GetDouble(), rows[j].PValue, 1e-6, $"{file} {rows[j].Name} p");
        }
        var adjusted = InferenceCase.Matrix(kr.GetProperty("vcov_beta_adjusted"));
        for (int a = 0; a < adjusted.GetLength(0); a++)
            for (int b = 0; b < adjusted.GetLength(1); b++)
                InferenceCase.Close(adjusted[a, b], inference.KenwardRoger!.AdjustedCovariance[a, b], 1e-6 * Math.Sqrt(adjusted[a, a] * adjusted[b, b]) / Math.Max(Math.Abs(adjusted[a, b]), 1e-300), $"{file} Phi_A[{a},{b}]");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Type_III_table_matches_lmerTest(string file, string methodName)
    {
        var method = Enum.Parse<DegreesOfFreedomMethod>(methodName);
        var c = InferenceCase.Load(file);
        var block = c.Tight.GetProperty(method == DegreesOfFreedomMethod.KenwardRoger ? "anova_type3_kr" : "anova_type3");
        var rows = At(c, method).TypeThree();
        var expected = block.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
            CheckF(expected[i], rows[i], $"{file} {methodName} {rows[i].Term}");
        // The hypotheses are lmerTest's own (they decide the Satterthwaite df).
        var hypotheses = TypeThreeHypotheses.For(c.Design);
        var recorded = c.Root.GetProperty("anova_type3").GetProperty("hypotheses").EnumerateArray().ToArray();
        for (int i = 0; i < recorded.Length; i++)
        {
            var l = InferenceCase.Matrix(recorded[i].GetProperty("L"));
            Assert.Equal(recorded[i].GetProperty("term").GetString(), hypotheses[i].Term);
            for (int r = 0; r < l.GetLength(0); r++)
                for (int col = 0; col < l.GetLength(1); col++)
                    Assert.Equal(l[r, col], hypotheses[i].L[r, col], 12);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Contrast_tests_match_lmerTest_contest(string file, string methodName)
    {
        var method = Enum.Parse<DegreesOfFreedomMethod>(methodName);
        var c = InferenceCase.Load(file);
        var block = c.Tight.GetProperty(method == DegreesOfFreedomMethod.KenwardRoger ? "contrast_tests_kr" : "contrast_tests");
        var inference = At(c, method);
        var l = InferenceCase.Matrix(block.GetProperty("L"));
        foreach (var e in block.GetProperty("individual").EnumerateArray())
        {
            var row = e.GetProperty("L").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var t = inference.Contrast(row);
            string what = $"{file} {methodName} '{e.GetProperty("description").GetString()}'";
            InferenceCase.Close(e.GetProperty("estimate").GetDouble(), t.Estimate, 1e-9, what + " estimate");
            InferenceCase.Close(e.GetProperty("se").GetDouble(), t.StdError, 1e-7, what + " se");
            InferenceCase.Close(e.GetProperty("df").GetDouble(), t.DF, 1e-6, what + " df");
            InferenceCase.CloseP(e.GetProperty("p").GetDouble(), t.PValue, 1e-6, what + " p");
            InferenceCase.Close(e.GetProperty("ci95_lower").GetDouble(), t.Lower95, 1e-7, what + " lower");
            InferenceCase.Close(e.GetProperty("ci95_upper").GetDouble(), t.Upper95, 1e-7, what + " upper");
        }
        CheckF(block.GetProperty("joint"), inference.Joint(l, "joint"), $"{file} {methodName} joint");
    }

    [Fact]
    public void Kenward_Roger_on_an_ML_fit_is_refused_clearly()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var e = Assert.Throws<LmmException>(() => FixedEffectInference.At(c.Design, c.TightTheta, EstimationMethod.ML, DegreesOfFreedomMethod.KenwardRoger));
        Assert.Equal("KenwardRogerNeedsREML", e.ErrorId);
        Assert.Contains("only available for REML", e.Message);
    }

    [Fact]
    public void A_contrast_of_the_wrong_length_names_the_fixed_effects()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var inference = At(c, DegreesOfFreedomMethod.Satterthwaite);
        var e = Assert.Throws<LmmException>(() => inference.Contrast(new[] { 1.0, 2.0, 3.0 }));
        Assert.Equal("ContrastWrongLength", e.ErrorId);
        Assert.Contains("(Intercept), Days", e.Message);
    }

    private static void CheckF(JsonElement e, FTest row, string what)
    {
        Assert.Equal(e.GetProperty("numdf").GetInt32(), row.NumDF);
        InferenceCase.Close(e.GetProperty("F").GetDouble(), row.F, 1e-6, what + " F");
        InferenceCase.Close(e.GetProperty("dendf").GetDouble(), row.DenDF, 1e-6, what + " dendf");
        InferenceCase.Close(e.GetProperty("sumsq").GetDouble(), row.SumSq, 1e-6, what + " sumsq");
        InferenceCase.Close(e.GetProperty("meansq").GetDouble(), row.MeanSq, 1e-6, what + " meansq");
        InferenceCase.CloseP(e.GetProperty("p").GetDouble(), row.PValue, 1e-6, what + " p");
        if (e.TryGetProperty("F_scaling", out var scaling))
        {
            InferenceCase.Close(scaling.GetDouble(), row.FScaling, 1e-6, what + " F scaling");
            InferenceCase.Close(e.GetProperty("F_unscaled").GetDouble(), row.FUnscaled, 1e-6, what + " F unscaled");
        }
    }
}
