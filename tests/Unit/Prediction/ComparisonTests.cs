using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Tests.Design;

namespace LmmPS.Tests.Prediction;

/// <summary>The anova table's arithmetic against closed forms, and the comparer against lme4's anova (compare_*.json).</summary>
public class ComparisonTests
{
    [Theory]
    [InlineData(3.0)]
    [InlineData(42.139)]
    [InlineData(0.01)]
    public void Chi_square_upper_tail_with_two_df_is_exp_of_minus_half_x(double x)
    {
        // P(chi2_2 > x) = exp(-x/2); with 1 df it is erfc(sqrt(x/2)).
        Assert.Equal(Math.Exp(-x / 2), ModelComparison.UpperTail(x, 2), 12);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(x / 2)), ModelComparison.UpperTail(x, 1), 12);
    }

    [Fact]
    public void Rows_sort_by_parameters_stably_and_test_against_the_previous_row()
    {
        var table = ModelComparison.Table(new[]
        {
            new ComparedModel("m1", "a", 5, -100.0, 50),
            new ComparedModel("m2", "b", 6, -95.0, 50),
            new ComparedModel("m3", "c", 5, -101.0, 50),
        });
        Assert.Equal(new[] { "m1", "m3", "m2" }, table.Select(r => r.Name));
        Assert.Null(table[0].ChiSquare);
        Assert.Equal(0.0, table[1].ChiSquare); // worse than the previous row: clamped at 0
        Assert.Equal(0, table[1].Df);
        Assert.Null(table[1].PValue);          // Df = 0: no p-value, as R prints it
        Assert.Equal(12.0, table[2].ChiSquare);
        Assert.Equal(1, table[2].Df);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(6.0)), table[2].PValue!.Value, 14);
        Assert.Equal(200.0 + 10.0, table[0].AIC);
        Assert.Equal(200.0 + Math.Log(50) * 5, table[0].BIC, 12);
    }

    [Fact]
    public void Reml_fits_are_refitted_by_ML_as_lme4_does()
    {
        using var doc = TestData.Reference("compare_sleepstudy_REML_refit.json");
        var anova = doc.RootElement.GetProperty("anova");
        var data = DesignTestData.Load("sleepstudy");
        var m1 = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (1 | Subject)"), data));
        var m2 = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), data));
        var result = ModelComparer.Compare(new[] { ("m1", m1), ("m2", m2) }, refit: true);
        Assert.Equal(new[] { "m1", "m2" }, result.Refitted);
        var logLik = anova.GetProperty("logLik").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < 2; i++)
            Assert.True(Math.Abs(result.Table[i].LogLikelihood - logLik[i]) <= 1e-7 * Math.Abs(logLik[i]));
        Assert.Equal(anova.GetProperty("p")[1].GetDouble(), result.Table[1].PValue!.Value, 1e-4 * anova.GetProperty("p")[1].GetDouble());
    }

    [Fact]
    public void Fits_of_different_data_are_refused()
    {
        var data = DesignTestData.Load("sleepstudy");
        var a = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (1 | Subject)"), data), new FitOptions { Method = EstimationMethod.ML });
        var b = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("diameter ~ 1 + (1 | plate)"), DesignTestData.Load("Penicillin")), new FitOptions { Method = EstimationMethod.ML });
        var e = Assert.Throws<LmmException>(() => ModelComparer.Compare(new[] { ("a", a), ("b", b) }, refit: true));
        Assert.Equal("DifferentData", e.ErrorId);
    }

    [Fact]
    public void Reml_fits_with_different_fixed_effects_without_refit_are_refused()
    {
        var data = DesignTestData.Load("sleepstudy");
        var a = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ 1 + (1 | Subject)"), data));
        var b = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (1 | Subject)"), data));
        var e = Assert.Throws<LmmException>(() => ModelComparer.Compare(new[] { ("a", a), ("b", b) }, refit: false));
        Assert.Equal("IncomparableReml", e.ErrorId);
    }
}
