using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Inference;

/// <summary>How the module shows the tests: the fit's rows and lmerTest's summary columns, and -Contrast's shapes.</summary>
public class ModuleInferenceTests
{
    private static LmmFit Fit(LmmDegreesOfFreedom method)
    {
        var c = InferenceCase.Load("inf_sleepstudy_period_REML.json");
        var result = LmmFitter.Fit(c.Design, new FitOptions { Method = EstimationMethod.REML });
        var (tests, note) = FixedEffectTestFactory.Coefficients(result, method, explicitlyAsked: true);
        Assert.Null(note);
        return new LmmFit(result, new LmmDesign(c.Design, "sleepstudy_period.csv"), method, tests, note);
    }

    [Fact]
    public void Fixed_effect_rows_carry_lmerTest_df_and_p_values()
    {
        var fit = Fit(LmmDegreesOfFreedom.Satterthwaite);
        var c = InferenceCase.Load("inf_sleepstudy_period_REML.json");
        var expected = c.Tight.GetProperty("satterthwaite").GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal("Satterthwaite", fit.DegreesOfFreedomMethod);
        for (int j = 0; j < expected.Length; j++)
        {
            // A fit stops where its optimizer stops (gradient ~1e-5), so allow what the file's max_rel_change allows.
            InferenceCase.Close(expected[j].GetProperty("df").GetDouble(), fit.FixedEffects[j].DF!.Value, 1e-4, fit.FixedEffects[j].Name);
            InferenceCase.CloseP(expected[j].GetProperty("p").GetDouble(), fit.FixedEffects[j].PValue!.Value, 1e-4, fit.FixedEffects[j].Name);
        }
    }

    [Fact]
    public void The_summary_prints_lmerTests_columns()
    {
        var summary = Fit(LmmDegreesOfFreedom.Satterthwaite).Summary();
        Assert.Matches(@"\s+Estimate Std\. Error\s+df\s+t value Pr\(>\|t\|\)", summary);
        // periodlate: t 3.687 on 43.41 df, p 0.000627 (lmerTest prints 0.000627 ***).
        // lme4/lmerTest rounding (printCoefmat, digits 4): estimate and SE share their decimals, df as format(digits = 4).
        Assert.Matches(@"periodlate\s+40\.36\d*\s+10\.9\d*\s+43\.41\d*\s+3\.687\s+0\.000627 \*\*\*", summary);
        Assert.Contains("df: Satterthwaite", summary);
    }

    [Fact]
    public void Kenward_Roger_rows_use_the_adjusted_standard_errors()
    {
        var fit = Fit(LmmDegreesOfFreedom.KenwardRoger);
        var c = InferenceCase.Load("inf_sleepstudy_period_REML.json");
        var expected = c.Tight.GetProperty("kenward_roger").GetProperty("coefficients").EnumerateArray().ToArray();
        for (int j = 0; j < expected.Length; j++)
            InferenceCase.Close(expected[j].GetProperty("se").GetDouble(), fit.FixedEffects[j].StdError, 1e-5, fit.FixedEffects[j].Name);
        Assert.Contains("df: Kenward-Roger", fit.Summary());
    }

    [Fact]
    public void Large_models_get_no_default_df_but_a_note()
    {
        // The default skips the dense computation above the limit; the note says how to ask for it.
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var result = LmmFitter.Fit(c.Design, new FitOptions());
        Assert.True(FixedEffectInference.DenseSize(c.Design) < FixedEffectTestFactory.DefaultDenseLimit);
        var (tests, note) = FixedEffectTestFactory.Coefficients(result, LmmDegreesOfFreedom.None, explicitlyAsked: false);
        Assert.Null(tests);
        Assert.Null(note);
    }

    [Fact]
    public void Contrast_accepts_a_matrix_rows_or_one_row()
    {
        var matrix = new double[,] { { 0, -1, 1 }, { 0, 0.5, 0.5 } };
        Assert.Same(matrix, FixedEffectTestFactory.ContrastMatrix(matrix));
        var rows = FixedEffectTestFactory.ContrastMatrix(new object[] { new object[] { 0, -1, 1 }, new object[] { 0, 0.5, 0.5 } });
        Assert.Equal(matrix, rows);
        var one = FixedEffectTestFactory.ContrastMatrix(new object[] { 1, 4.5 });
        Assert.Equal(new double[,] { { 1, 4.5 } }, one);
        var e = Assert.Throws<LmmException>(() => FixedEffectTestFactory.ContrastMatrix(new object[] { new object[] { 0, 1 }, new object[] { 1 } }));
        Assert.Equal("InvalidContrast", e.ErrorId);
        Assert.Contains("Row 2", e.Message);
        e = Assert.Throws<LmmException>(() => FixedEffectTestFactory.ContrastMatrix(new object[] { 1, "x" }));
        Assert.Contains("Element 2 of row 1 of -Contrast ('x') is not a number", e.Message);
    }
}
