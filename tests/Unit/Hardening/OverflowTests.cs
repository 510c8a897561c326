using System.Globalization;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Data;
using static LmmPS.Tests.Hardening.Pipeline;

namespace LmmPS.Tests.Hardening;

/// <summary>Issue 17 item 10: the three overflow probes. A start of 1e300 gave FitFailed with "check the fixed effects
/// for near-collinearity"; it now gets FitOverflow naming the start value and what to do. A response of 1e300 and a
/// covariate of 1e150 gave FitFailed too; the fitter now reparametrises badly scaled columns (Scaling/), so they fit,
/// and the fit is the unscaled one's mapped exactly (equivariance: theta unchanged, beta and sigma scaled).</summary>
public class OverflowTests
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>sleepstudy with the response times <paramref name="yScale"/> and Days times <paramref name="xScale"/>.</summary>
    private static string Sleepstudy(double yScale, double xScale)
    {
        var lines = DataFile("sleepstudy").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        int y = header.IndexOf("Reaction"), x = header.IndexOf("Days");
        var rows = lines.Skip(1).Select(l =>
        {
            var f = l.Split(',');
            f[y] = F(double.Parse(f[y], CultureInfo.InvariantCulture) * yScale);
            f[x] = F(double.Parse(f[x], CultureInfo.InvariantCulture) * xScale);
            return string.Join(",", f);
        });
        return string.Join("\n", new[] { lines[0] }.Concat(rows)) + "\n";
    }

    private const string Formula = "Reaction ~ Days + (1 | Subject)";

    [Fact]
    public void A_start_of_1e300_is_reported_as_overflow_naming_the_start_value()
    {
        var e = ErrorAssert.Throws("FitOverflow",
            () => Fit(Formula, Sleepstudy(1, 1), new FitOptions { StartTheta = new[] { 1e300 } }),
            "1E+300", "theta element 1", "Subject", "near 1");
        Assert.DoesNotContain("collinearity", e.Message);
    }

    /// <summary>Under a fixed-effect prior the design is fitted as given (no rescaling): a response whose sum of squares
    /// overflows is named, with what to do.</summary>
    [Fact]
    public void Under_a_prior_a_response_whose_sum_of_squares_overflows_is_named()
    {
        var e = ErrorAssert.Throws("FitOverflow",
            () => Fit(Formula, Sleepstudy(1e300, 1), new FitOptions { FixedEffectPrior = FixedEffectPrior.FromStandardDeviations(new[] { 10.0, 10.0 }) }),
            "response 'Reaction'", "sum of its squared values", "Rescale");
        Assert.Equal("Reaction", e.Column);
    }

    [Theory]
    [InlineData(1e300, 1.0)]
    [InlineData(1.0, 1e150)]
    public void A_response_of_1e300_or_a_covariate_of_1e150_fits_as_the_unscaled_data_mapped_back(double yScale, double xScale)
    {
        var plain = Fit(Formula, Sleepstudy(1, 1));
        var scaled = Fit(Formula, Sleepstudy(yScale, xScale));
        Assert.Equal(plain.Theta[0], scaled.Theta[0], 5);
        Assert.True(Math.Abs(scaled.Sigma / yScale - plain.Sigma) <= 1e-6 * plain.Sigma, $"sigma {F(scaled.Sigma)} vs {F(plain.Sigma)} x {F(yScale)}");
        double intercept = scaled.FixedEffects[0].Estimate / yScale, slope = scaled.FixedEffects[1].Estimate * xScale / yScale;
        Assert.True(Math.Abs(intercept - plain.FixedEffects[0].Estimate) <= 1e-6 * Math.Abs(plain.FixedEffects[0].Estimate), $"intercept {F(intercept)}");
        Assert.True(Math.Abs(slope - plain.FixedEffects[1].Estimate) <= 1e-6 * Math.Abs(plain.FixedEffects[1].Estimate), $"slope {F(slope)}");
    }
}
