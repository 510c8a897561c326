using LmmPS.Conversion;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Tests.Design;

namespace LmmPS.Tests.Module;

/// <summary>summary()'s "Scaled residuals:" and "Correlation of Fixed Effects:" blocks against lme4's printed text
/// (R 4.2.2, lme4 1.1-31: print(summary(lmer(Reaction ~ Days + (Days | Subject), sleepstudy)))), and R's abbreviate().</summary>
public class SummaryBlockTests
{
    [Theory]
    // R 4.2.2: abbreviate(x, minlength = 6) and abbreviate(x, minlength = 11).
    [InlineData("(Intercept)", 6, "(Intr)")]
    [InlineData("Days", 6, "Days")]
    [InlineData("service1", 6, "servc1")]
    [InlineData("temperature.L", 6, "tmpr.L")]
    [InlineData("recipeB:temperature^4", 6, "rcB:^4")]
    [InlineData("I(Days^2)", 6, "I(D^2)")]
    [InlineData("a b c de", 6, "abcde")]
    [InlineData("Machine", 6, "Machin")]
    [InlineData("WorkerWithLongName", 6, "WrkWLN")]
    [InlineData("sexMale:ageOld", 6, "sxMl:O")]
    [InlineData("(Intercept)", 11, "(Intercept)")]
    [InlineData("temperature.L", 11, "temperatr.L")]
    [InlineData("recipeB:temperature^4", 11, "rcpB:tmpr^4")]
    [InlineData("a b c de", 11, "a b c de")]
    [InlineData("WorkerWithLongName", 11, "WrkrWthLngN")]
    [InlineData("sexMale:ageOld", 11, "sexMal:gOld")]
    public void Abbreviate_matches_R(string name, int minLength, string expected)
    {
        Assert.Equal(expected, RAbbreviate.Abbreviate(name, minLength));
    }

    [Fact]
    public void Summary_shows_lme4s_scaled_residuals_and_correlation_blocks()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy"));
        var fit = new LmmFit(LmmFitter.Fit(design), new LmmDesign(design, "sleepstudy.csv"));
        var lines = fit.Summary().Split('\n').Select(l => l.TrimEnd()).ToList();
        int at = lines.IndexOf("Scaled residuals:");
        Assert.True(at > 0, "no Scaled residuals block");
        Assert.Equal("    Min      1Q  Median      3Q     Max", lines[at + 1]);
        Assert.Equal("-3.9536 -0.4634  0.0231  0.4634  5.1793", lines[at + 2]);
        at = lines.IndexOf("Correlation of Fixed Effects:");
        Assert.True(at > lines.IndexOf("Fixed effects:"), "no correlation block after the fixed effects");
        Assert.Equal("     (Intr)", lines[at + 1]);
        Assert.Equal("Days -0.138", lines[at + 2]);
    }

    [Fact]
    public void One_fixed_effect_prints_no_correlation_block()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("strength ~ 1 + (1 | batch) + (1 | batch:cask)"), DesignTestData.Load("Pastes"));
        var fit = new LmmFit(LmmFitter.Fit(design), new LmmDesign(design, "Pastes.csv"));
        Assert.DoesNotContain("Correlation of Fixed Effects", fit.Summary());
        Assert.Contains("Scaled residuals:", fit.Summary());
    }

    [Fact]
    public async Task Scaled_residual_quantiles_are_lme4s_and_computed_once_whatever_the_threads()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy"));
        var fit = new LmmFit(LmmFitter.Fit(design), new LmmDesign(design, "sleepstudy.csv"));
        // Eight threads read the lazily computed quantiles at once: every one gets the same array (computed once).
        using var start = new ManualResetEventSlim(false);
        var reads = Enumerable.Range(0, 8).Select(_ => Task.Run(() => { start.Wait(); return fit.ScaledResidualQuantiles; })).ToArray();
        start.Set();
        var results = await Task.WhenAll(reads);
        var first = results[0];
        Assert.NotNull(first);
        Assert.All(results, r => Assert.Same(first, r));
        // lme4 1.1-31: quantile(residuals(fit, scaled = TRUE)) (predict_sleepstudy_REML.json, unrounded).
        using var reference = TestData.Reference("predict_sleepstudy_REML.json");
        var expected = reference.RootElement.GetProperty("scaled_residual_quantiles_unrounded");
        var names = new[] { "Min", "1Q", "Median", "3Q", "Max" };
        for (int i = 0; i < names.Length; i++)
            Assert.Equal(expected.GetProperty(names[i]).GetDouble(), first![i], 1e-4);
    }
}
