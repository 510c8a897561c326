using System.Globalization;
using System.Text.Json;

namespace LmmPS.Tests.Module;

/// <summary>Engine result -> output objects, on lme4's sleepstudy REML fit (numbers from reference/sleepstudy_REML.json).</summary>
public class FitResultConverterTests
{
    private static readonly LmmFit Fit = MakeFit();

    private static LmmFit MakeFit()
    {
        var design = SleepstudyFixture.Design();
        return new LmmFit(SleepstudyFixture.Result(design), new LmmDesign(design, "sleepstudy.csv"));
    }

    [Fact]
    public void Scalars_and_fit_criteria_match_lme4()
    {
        var r = SleepstudyFixture.Reference();
        Assert.Equal("REML", Fit.Method);
        Assert.Equal(SleepstudyFixture.FormulaText, Fit.Formula);
        Assert.Equal(r.GetProperty("objective").GetDouble(), Fit.Objective);
        Assert.Equal(r.GetProperty("logLik").GetDouble(), Fit.LogLik, 9);
        // AIC and BIC are computed from the objective and 6 parameters (2 fixed, 3 theta, sigma): compare with lme4's.
        Assert.Equal(r.GetProperty("AIC").GetDouble(), Fit.AIC, 9);
        Assert.Equal(r.GetProperty("BIC").GetDouble(), Fit.BIC, 9);
        Assert.Equal(r.GetProperty("logLik_df").GetInt32(), Fit.DegreesOfFreedom);
        Assert.Equal(180, Fit.Observations);
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days" }, Fit.ThetaNames);
        Assert.Equal(r.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()), Fit.Theta);
    }

    [Fact]
    public void Fixed_effects_rows()
    {
        var r = SleepstudyFixture.Reference();
        Assert.Equal(new[] { "(Intercept)", "Days" }, Fit.FixedEffects.Select(f => f.Name));
        var days = Fit.FixedEffects[1];
        Assert.Equal(r.GetProperty("beta").GetProperty("Days").GetDouble(), days.Estimate);
        Assert.Equal(r.GetProperty("beta_se").GetProperty("Days").GetDouble(), days.StdError);
        Assert.Equal(10.467285959595987 / 1.545789643905981, days.TValue, 12);
    }

    [Fact]
    public void Variance_components_one_row_per_term_column_then_the_residual()
    {
        var rows = Fit.VarianceComponents;
        Assert.Equal(new[] { "Subject", "Subject", "Residual" }, rows.Select(v => v.Group));
        Assert.Equal(new[] { "(Intercept)", "Days", "(Residual)" }, rows.Select(v => v.Name));
        Assert.Equal(612.1001580247688, rows[0].Variance);
        Assert.Equal(24.740657994984062, rows[0].StdDev);
        Assert.Equal(35.07171445093885, rows[1].Variance);
        Assert.Equal(654.9400082599608, rows[2].Variance);
        Assert.Equal(25.59179572167535, rows[2].StdDev);
        Assert.Equal(string.Empty, rows[0].Correlation);
        Assert.Equal(string.Empty, rows[2].Correlation);
        // The correlation survives the trip through text exactly (round-trip format, invariant culture).
        Assert.Equal(0.06555123823812821, double.Parse(rows[1].Correlation, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Correlation_text_lists_a_row_of_the_lower_triangle()
    {
        var correlation = new double[,] { { 1, 0.5, -0.25 }, { 0.5, 1, 0.125 }, { -0.25, 0.125, 1 } };
        Assert.Equal("", Conversion.FitResultConverter.CorrelationsWithEarlierColumns(correlation, 0));
        Assert.Equal("0.5", Conversion.FitResultConverter.CorrelationsWithEarlierColumns(correlation, 1));
        Assert.Equal("-0.25 0.125", Conversion.FitResultConverter.CorrelationsWithEarlierColumns(correlation, 2));
        Assert.Equal("NaN", Conversion.FitResultConverter.CorrelationsWithEarlierColumns(new double[,] { { 1, double.NaN }, { double.NaN, double.NaN } }, 1));
    }

    [Fact]
    public void Random_effects_one_row_per_level_and_column()
    {
        var rows = Fit.RandomEffects;
        Assert.Equal(36, rows.Length);
        Assert.Equal(("Subject", "308", "(Intercept)"), (rows[0].Group, rows[0].Level, rows[0].Name));
        Assert.Equal(("Subject", "308", "Days"), (rows[1].Group, rows[1].Level, rows[1].Name));
        var slope309 = rows.Single(r => r.Level == "309" && r.Name == "Days");
        Assert.Equal(-8.619680615243206, slope309.Mode);
        Assert.Equal(2.304839020900285, slope309.CondSD);
        var intercept372 = rows.Single(r => r.Level == "372" && r.Name == "(Intercept)");
        Assert.Equal(12.314592107711457, intercept372.Mode);
        Assert.Equal(12.070856950514328, intercept372.CondSD);
    }

    [Fact]
    public void Summary_reads_like_lme4()
    {
        var text = Fit.Summary();
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Linear mixed model fit by REML", lines[0]);
        Assert.Contains("Formula: Reaction ~ Days + (Days | Subject)", lines);
        // lme4 1.1.31's print(summary(fit)) of this fit (tests/data/reference/lme4_print/sleepstudy_REML.txt): the REML
        // criterion alone (no AIC/BIC row for REML), R's format() digits, a Corr column for the correlated term.
        Assert.Contains("REML criterion at convergence: 1743.6", lines);
        Assert.DoesNotContain(lines, l => l.Contains("AIC"));
        Assert.Contains(" Groups   Name        Variance Std.Dev. Corr", lines);
        Assert.Contains(" Subject  (Intercept) 612.10   24.741", lines);
        Assert.Contains("          Days         35.07    5.922   0.07", lines);
        Assert.Contains(" Residual             654.94   25.592", lines);
        Assert.Contains("Number of obs: 180, groups:  Subject, 18", lines);
        Assert.Contains("            Estimate Std. Error t value", lines);
        Assert.Contains("(Intercept)  251.405      6.825  36.838", lines);
        Assert.Contains("Days          10.467      1.546   6.771", lines);
        Assert.Contains(lines, l => l.StartsWith("Converged after 43 evaluations (nloptwrap", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_holds_the_flat_tables_but_not_the_engine_matrices()
    {
        // ConvertTo-Json, like System.Text.Json, serialises public properties: the engine result must not be one.
        var json = JsonSerializer.Serialize(Fit);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("FixedEffects").GetArrayLength());
        Assert.Equal(3, root.GetProperty("VarianceComponents").GetArrayLength());
        Assert.Equal(36, root.GetProperty("RandomEffects").GetArrayLength());
        Assert.Equal("sleepstudy.csv", root.GetProperty("Design").GetProperty("Source").GetString());
        // vcov is p x p (issue 18 makes it a documented property); the n-sized engine matrices stay out.
        Assert.Equal(2, root.GetProperty("FixedEffectsCovariance").GetArrayLength());
        Assert.DoesNotContain("\"X\"", json);
        Assert.DoesNotContain("\"Result\"", json);
        Assert.DoesNotContain("\"Engine\"", json);
        Assert.Same(Fit.GetFitResult(), Fit.GetFitResult());
    }

    [Fact]
    public void Design_object_describes_the_terms()
    {
        var design = Fit.Design;
        Assert.Equal("Reaction", design.Response);
        Assert.Equal(new[] { "(Intercept)", "Days" }, design.FixedEffects);
        Assert.Equal(new[] { "Subject: (Intercept), Days (18 levels)" }, design.RandomTerms);
        Assert.Equal(3, design.ThetaCount);
        Assert.Equal(180, design.Observations);
    }
}
