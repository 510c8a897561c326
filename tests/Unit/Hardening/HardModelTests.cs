using System.Globalization;
using System.Text;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using static LmmPS.Tests.Hardening.Pipeline;

namespace LmmPS.Tests.Hardening;

/// <summary>Models that are legal but hard: each must give an honest answer (a flag, a named dropped column, a
/// reason and the best point) instead of failing or silently returning nonsense.</summary>
public class HardModelTests
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void Dyestuff2_is_a_singular_fit_flagged_with_its_term_and_matches_lme4()
    {
        using var reference = TestData.Reference("Dyestuff2_REML.json");
        var r = reference.RootElement;
        var fit = Fit("Yield ~ 1 + (1 | Batch)", DataFile("Dyestuff2"));

        Assert.True(r.GetProperty("isSingular").GetBoolean());
        Assert.True(fit.IsSingular);
        Assert.Equal(new[] { "Batch" }, fit.SingularTerms);
        Assert.Contains(fit.Warnings, w => w.Contains("Singular fit") && w.Contains("Batch"));
        Assert.True(fit.Converged, fit.ConvergenceMessage);
        // lme4's theta is exactly 0 here; ours must be on the boundary by isSingular's own tolerance.
        Assert.InRange(fit.Theta[0], 0.0, 1e-4);
        Assert.Equal(r.GetProperty("objective").GetDouble(), fit.Objective, 6);
        Assert.Equal(r.GetProperty("sigma").GetDouble(), fit.Sigma, 4);
    }

    /// <summary>Crossed g x h, two rows per cell, g with large effects and noise whose h-margins are exactly equal.
    /// The h stratum's sum of squares is then 0, and in a balanced design its likelihood contribution
    /// -(df/2) log(lambda_h) - SS_h / (2 lambda_h), with lambda_h = sigma^2 + 8 sigma_h^2, is largest at sigma_h = 0:
    /// h is singular, g is not.</summary>
    private static string CrossedWithNullH()
    {
        string[] gs = { "a", "b", "c", "d" };
        double[] gEffect = { 0, 5, -3, 8 };
        string[] hs = { "p", "q", "r" };
        var noise = new double[gs.Length, hs.Length, 2];
        int i = 0;
        for (int g = 0; g < gs.Length; g++)
            for (int h = 0; h < hs.Length; h++)
                for (int rep = 0; rep < 2; rep++)
                    noise[g, h, rep] = ((i++ * 7) % 5 - 2) * 0.3 + (rep == 0 ? 0.1 : -0.25) * (g + 1);
        for (int h = 0; h < hs.Length; h++)
        {
            double mean = 0;
            for (int g = 0; g < gs.Length; g++)
                for (int rep = 0; rep < 2; rep++)
                    mean += noise[g, h, rep] / 8;
            for (int g = 0; g < gs.Length; g++)
                for (int rep = 0; rep < 2; rep++)
                    noise[g, h, rep] -= mean;
        }

        var csv = new StringBuilder("y,g,h\n");
        for (int g = 0; g < gs.Length; g++)
            for (int h = 0; h < hs.Length; h++)
                for (int rep = 0; rep < 2; rep++)
                    csv.Append(F(10 + gEffect[g] + noise[g, h, rep])).Append(',').Append(gs[g]).Append(',').Append(hs[h]).Append('\n');
        return csv.ToString();
    }

    [Fact]
    public void A_constructed_singular_term_is_named_and_the_other_is_not()
    {
        var fit = Fit("y ~ 1 + (1 | g) + (1 | h)", CrossedWithNullH());
        Assert.True(fit.IsSingular);
        Assert.Equal(new[] { "h" }, fit.SingularTerms);
        int h = fit.ThetaNames.ToList().IndexOf("h.(Intercept)");
        int g = fit.ThetaNames.ToList().IndexOf("g.(Intercept)");
        Assert.InRange(fit.Theta[h], 0.0, 1e-4);
        Assert.True(fit.Theta[g] > 1, $"theta for g is {fit.Theta[g]}");
        Assert.Equal(0.0, fit.VarianceComponents.Single(v => v.Group == "h").Covariance[0, 0], 6);
    }

    [Fact]
    public void Rank_deficient_X_drops_the_later_aliased_columns_and_names_them_as_lme4_does()
    {
        // R's qr() (tol 1e-7) keeps columns in order and pivots out one that is a combination of earlier ones;
        // lme4 then drops it with "fixed-effect model matrix is rank deficient so dropping 1 column / coefficient".
        // x2 = 2 x1 is aliased with x1, so x2 goes; the kept model is exactly y ~ x1 + (1 | g).
        var rows = new List<string>();
        for (int i = 0; i < 16; i++)
        {
            double x1 = i % 5 + 0.5 * (i / 4);
            rows.Add($"{F(3 + 0.7 * x1 + ((i * 3) % 7 - 3) * 0.4 + (i % 4))},{F(x1)},{F(2 * x1)},g{i % 4}");
        }
        string csv = Csv("y,x1,x2,g", rows.ToArray());

        var deficient = Fit("y ~ x1 + x2 + (1 | g)", csv);
        var reduced = Fit("y ~ x1 + (1 | g)", csv);
        Assert.Equal(new[] { "x2" }, deficient.Design.DroppedFixedEffects);
        Assert.Equal(new[] { "(Intercept)", "x1" }, deficient.FixedEffects.Select(b => b.Name));
        Assert.Contains(deficient.Warnings, w => w.Contains("rank deficient") && w.Contains("x2"));
        Assert.Equal(reduced.Objective, deficient.Objective, 9);
        Assert.Equal(reduced.FixedEffects[1].Estimate, deficient.FixedEffects[1].Estimate, 9);
    }

    [Fact]
    public void An_empty_cell_of_an_interaction_drops_that_column_by_name()
    {
        // f:h has no row with f = B and h = v, so the f[B]:h[v] indicator (R's name fB:hv) is all zero and dropped.
        var rows = new List<string>();
        string[] cells = { "A,u", "A,v", "B,u", "A,u", "B,u", "A,v" };
        for (int i = 0; i < 18; i++)
            rows.Add($"{F(1 + i * 0.37 % 2.1 + (i % 3))},{cells[i % cells.Length]},g{i % 3}");
        var fit = Fit("y ~ f * h + (1 | g)", Csv("y,f,h,g", rows.ToArray()));
        Assert.Equal(new[] { "fB:hv" }, fit.Design.DroppedFixedEffects);
        Assert.Equal(new[] { "(Intercept)", "fB", "hv" }, fit.FixedEffects.Select(b => b.Name));
    }

    [Fact]
    public void Non_convergence_reports_the_reason_and_returns_the_best_point_found()
    {
        var seen = new List<FitProgress>();
        var fit = LmmFitter.Fit(BuildDesign("Reaction ~ Days + (Days | Subject)", DataFile("sleepstudy")),
            new FitOptions { MaxEvaluations = 6 }, new ListProgress(seen));

        Assert.False(fit.Converged);
        Assert.Contains("MaxEvaluations = 6", fit.ConvergenceMessage);
        Assert.Contains(fit.Warnings, w => w.Contains("did not converge") && w.Contains("best point found"));
        Assert.Equal(6, seen.Count);
        var best = seen.OrderBy(p => p.Objective).First();
        Assert.Equal(best.Objective, fit.Objective, 9);
        Assert.Equal(best.Theta, fit.Theta);
    }

    [Fact]
    public void A_constant_response_is_refused_naming_the_column_and_value()
    {
        string csv = Csv("y,x,g", "4.2,1,a", "4.2,2,a", "4.2,3,b", "4.2,1,b", "4.2,2,c", "4.2,3,c");
        var e = Assert.Throws<LmmException>(() => BuildDesign("y ~ x + (1 | g)", csv));
        Assert.Equal("ConstantResponse", e.ErrorId);
        Assert.Equal("y", e.Column);
        Assert.Equal(0, e.Position);
        Assert.Contains("'y' is 4.2 in all 6 rows used", e.Message);

        // Without any intercept the random intercept alone still fits a constant exactly (theta -> infinity).
        Assert.Equal("ConstantResponse", Assert.Throws<LmmException>(() => BuildDesign("y ~ 0 + x + (1 | g)", csv)).ErrorId);
    }

    [Fact]
    public void A_response_that_the_fixed_effects_fit_exactly_is_refused_naming_them()
    {
        // y = 1 + 2x: the residual sum of squares is 0 at every theta, so the deviance has no minimum.
        string csv = Csv("y,x,g", "3,1,a", "5,2,a", "7,3,b", "3,1,b", "5,2,c", "7,3,c");
        var e = Assert.Throws<LmmException>(() => BuildDesign("y ~ x + (1 | g)", csv));
        Assert.Equal("ResponseFitExactly", e.ErrorId);
        Assert.Equal("y", e.Column);
        Assert.Contains("(Intercept), x", e.Message);
    }

    [Theory]
    [InlineData(1e6)]
    [InlineData(1e-6)]
    public void Extreme_scales_of_y_give_the_same_theta_and_scaled_sigma_and_beta(double scale)
    {
        var plain = Fit("Reaction ~ Days + (Days | Subject)", DataFile("sleepstudy"));
        var data = Read(DataFile("sleepstudy"));
        var y = (LmmPS.Core.Data.NumericColumn)data.Columns.Single(c => c.Name == "Reaction");
        var scaledY = new LmmPS.Core.Data.NumericColumn("Reaction", Enumerable.Range(0, y.Length).Select(i => y[i] * scale).ToArray());
        var scaled = LmmFitter.Fit(BuildDesign("Reaction ~ Days + (Days | Subject)",
            new LmmPS.Core.Data.DataFrame(data.Columns.Select(c => c.Name == "Reaction" ? scaledY : c).ToArray())));

        Assert.True(scaled.Converged, scaled.ConvergenceMessage);
        for (int t = 0; t < plain.Theta.Count; t++)
            Assert.Equal(plain.Theta[t], scaled.Theta[t], 4);
        Assert.Equal(1.0, scaled.Sigma / (plain.Sigma * scale), 6);
        for (int b = 0; b < plain.FixedEffects.Count; b++)
            Assert.Equal(1.0, scaled.FixedEffects[b].Estimate / (plain.FixedEffects[b].Estimate * scale), 6);
        // -2 log L shifts by n log(scale^2) (REML: (n - p) log(scale^2)): the Jacobian of y -> scale y.
        Assert.Equal(plain.Objective + (180 - 2) * Math.Log(scale * scale), scaled.Objective, 5);
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    internal sealed class ListProgress : IProgress<FitProgress>
    {
        private readonly List<FitProgress> _seen;

        public ListProgress(List<FitProgress> seen) => _seen = seen;

        public void Report(FitProgress value) => _seen.Add(value);
    }
}
