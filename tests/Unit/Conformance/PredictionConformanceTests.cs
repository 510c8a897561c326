using LmmPS.Conformance;
using Xunit.Abstractions;

namespace LmmPS.Tests.Conformance;

/// <summary>The runner on the predict_ and compare_ copies in tests/data: no check fails, and every key the format
/// defines (PREDICT_FORMAT.md) is checked.</summary>
public class PredictionConformanceTests
{
    private readonly ITestOutputHelper _output;

    public PredictionConformanceTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases() => ConformanceTestData.PredictionFileNames().Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_key_is_checked_and_passes(string fileName)
    {
        var writer = new StringWriter();
        var (results, _) = new ConformanceRunner(writer).RunCase(ConformanceTestData.Directory, ConformanceTestData.Reference(fileName));
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            _output.WriteLine(line.TrimEnd('\r'));
        Assert.Empty(results.Where(r => r.Status != CheckStatus.Pass).Select(r => r.ToLine()));
        var checks = results.Select(r => r.Check.Split(' ', '/')[0]).ToHashSet();
        var expected = fileName.StartsWith("predict_", StringComparison.Ordinal)
            ? new[] { "rows_used", "fitted", "residuals.response", "residuals.pearson", "residuals.scaled", "hatvalues", "scaled_residual_quantiles",
                "scaled_residual_quantiles_unrounded", "scaled_residual_quantiles_printed", "vcov_beta", "cor_beta", "correlation_printed_by_summary",
                "predict_conditional", "predict_population", "newdata_level_known", "newdata_policy_error" }
            : new[] { "logLik_as_fitted", "npar", "logLik_in_anova", "theta_in_anova", "refit_ml", "anova.model_order", "anova.npar", "anova.AIC",
                "anova.BIC", "anova.logLik", "anova.deviance", "anova.Chisq", "anova.Df", "anova.p" };
        foreach (var check in expected)
            Assert.Contains(check, checks);
        if (fileName is "predict_Penicillin_REML.json" or "predict_Pastes_REML.json")
            Assert.Contains("predict_partial", checks);
    }
}
