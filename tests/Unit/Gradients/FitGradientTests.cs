using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Gradients;

/// <summary>The gradient a fit carries at its optimum, its projected norm, and how the module shows both.</summary>
public class FitGradientTests
{
    [Fact]
    public void A_fit_carries_the_analytic_gradient_at_its_optimum()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML });
        var expected = new LinearMixedModel(design).Gradient(fit.Theta.ToArray(), EstimationMethod.REML);
        Assert.Equal(expected, fit.Gradient.ToArray());
        // An interior optimum: every component counts. lme4's own check allows max|grad| 2e-3; BOBYQA's 1e-6 step
        // in theta leaves the gradient far below that.
        Assert.Equal(fit.Gradient.Max(Math.Abs), fit.ProjectedGradientNorm);
        Assert.True(fit.ProjectedGradientNorm < 2e-3, $"max|grad| {fit.ProjectedGradientNorm}");
    }

    [Fact]
    public void A_singular_fit_has_a_small_projected_gradient()
    {
        // Dyestuff2: the Batch variance is 0 at the optimum (lme4: theta = 0), where a scalar term's derivative is 0.
        var fit = LmmFitter.Fit(HandBuiltDesigns.Dyestuff("data/Dyestuff2.csv"), new FitOptions { Method = EstimationMethod.REML });
        Assert.Equal(0.0, fit.Theta[0]);
        Assert.Equal(0.0, fit.ProjectedGradientNorm);
    }

    [Fact]
    public void The_projected_norm_ignores_a_positive_derivative_at_a_lower_bound()
    {
        var lower = new[] { 0.0, double.NegativeInfinity, 0.0 };
        // theta_0 at its bound with a positive derivative: the bound holds it, so it counts as 0.
        Assert.Equal(0.25, ProjectedGradient.Norm(new[] { 0.0, 0.3, 1.0 }, lower, new[] { 5.0, -0.25, 0.1 }));
        // A negative derivative at the bound points into the box: it counts.
        Assert.Equal(5.0, ProjectedGradient.Norm(new[] { 0.0, 0.3, 1.0 }, lower, new[] { -5.0, -0.25, 0.1 }));
        // Off the bound everything counts.
        Assert.Equal(5.0, ProjectedGradient.Norm(new[] { 1e-9, 0.3, 1.0 }, lower, new[] { 5.0, -0.25, 0.1 }));
        Assert.Throws<ArgumentException>(() => ProjectedGradient.Norm(new[] { 1.0 }, lower, new[] { 1.0 }));
    }

    [Fact]
    public void The_module_shows_the_gradient_and_its_norm()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = new LmmFit(LmmFitter.Fit(design, new FitOptions()), new LmmDesign(design, "sleepstudy.csv"));
        Assert.Equal(3, fit.Gradient.Length);
        Assert.NotNull(fit.ProjectedGradientNorm);
        // The norm is a property, not part of the lme4-style view (its last digits vary from run to run and machine to machine).
        Assert.True(fit.ProjectedGradientNorm!.Value < 1e-3);
        Assert.DoesNotContain("gradient", fit.Summary());
    }

    [Fact]
    public void Gradient_rows_carry_the_scheme_and_step_of_the_check()
    {
        var check = new DerivativeCheck("Subject.Days", 0.0, analytic: 2.5, numeric: 2.5000001, step: 1e-5, DifferenceScheme.Forward);
        var row = LmmGradientRow.From(check, tolerance: 1e-6);
        Assert.Equal("Forward", row.Scheme);
        Assert.Equal(1e-5, row.Step);
        Assert.Equal(2.5000001, row.FiniteDifference);
        // |2.5 - 2.5000001| / max(1, 2.5000001) = 4e-8 <= 1e-6.
        Assert.True(row.Passed);
        Assert.False(LmmGradientRow.From(check, tolerance: 1e-8).Passed);
    }
}
