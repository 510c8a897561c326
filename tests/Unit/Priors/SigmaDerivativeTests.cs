using LmmPS.Core.Gradients;
using LmmPS.Core.Priors;

namespace LmmPS.Tests.Priors;

/// <summary>The analytic d f/d sigma and d2 f/d sigma2 against <see cref="FiniteDifference.Scalar"/> (fourth-order
/// central differences), for both scales and both objectives, away from and at the optimum.</summary>
public class SigmaDerivativeTests
{
    public static TheoryData<string, PriorScale, PriorObjective> Cases()
    {
        var data = new TheoryData<string, PriorScale, PriorObjective>();
        foreach (var file in new[] { "blme_abs_sleepstudy_ML.json", "blme_abs_Dyestuff_ML.json" })
            foreach (var scale in new[] { PriorScale.Absolute, PriorScale.Relative })
                foreach (var objective in new[] { PriorObjective.PosteriorMode, PriorObjective.IntegratedLikelihood })
                    data.Add(file, scale, objective);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_sigma_derivatives_agree_with_finite_differences(string file, PriorScale scale, PriorObjective objective)
    {
        using var c = new BlmeCase(file);
        var prior = FixedEffectPrior.FromStandardDeviations(c.PriorSD, scale, objective);
        var model = new PriorModel(new LmmPS.Core.Model.LinearMixedModel(c.Design), prior, c.Method);
        var theta = BlmeCase.Numbers(c.Root.GetProperty("theta"));
        var profile = model.SigmaProfile(theta);
        double sigmaHat = profile.Minimize().Sigma;
        foreach (double factor in new[] { 0.5, 0.8, 1.0, 1.3, 2.0 })
        {
            double sigma = factor * sigmaHat;
            var analytic = profile.Derivatives(sigma);
            Assert.Equal(profile.Value(sigma), analytic.Value);
            var numeric = FiniteDifference.Scalar(profile.Value, sigma, lower: 0, relativeStep: 1e-3);
            string label = $"{file} {scale} {objective} sigma = {factor} sigma-hat";
            PriorAssert.Near(numeric.Second, analytic.Second, 1e-6, label + " d2f/dsigma2");
            // At sigma-hat the first derivative is 0: compare on the scale of its terms (2n/sigma), not relatively.
            double scaleOfFirst = 2.0 * c.Design.RowCount / sigma;
            if (factor == 1.0)
                PriorAssert.Near(0.0, analytic.First, 0, label + " df/dsigma at the optimum", 1e-10 * scaleOfFirst);
            else
                PriorAssert.Near(numeric.First, analytic.First, 1e-6, label + " df/dsigma");
        }
    }

    [Fact]
    public void Newton_converges_from_far_starts_and_falls_back_where_the_curvature_is_negative()
    {
        // f(sigma) = -exp(-(log sigma - 2)^2): minimum at sigma = e^2; in tau = log sigma the curvature is negative
        // for |tau - 2| > 1/sqrt(2), where a plain Newton step would go uphill.
        static (double, double, double) F(double s)
        {
            double t = Math.Log(s) - 2, e = Math.Exp(-t * t);
            double dt = 2 * t * e;                       // d f / d tau
            double dtt = (2 - 4 * t * t) * e;            // d2 f / d tau2
            return (-e, dt / s, (dtt - dt) / (s * s));   // back to derivatives in sigma
        }
        foreach (double start in new[] { Math.Exp(5), Math.Exp(-0.5), Math.Exp(2.1) })
        {
            var (sigma, iterations, converged) = SigmaNewton.Minimize(F, start);
            Assert.True(converged, $"start {start}");
            PriorAssert.Near(Math.Exp(2), sigma, 1e-9, $"start {start}");
            Assert.InRange(iterations, 1, 30);
        }
    }

    [Fact]
    public void Newton_on_the_prior_objective_lands_on_the_same_sigma_from_starts_1000_times_too_small_or_large()
    {
        using var c = new BlmeCase("blme_abs_sleepstudy_REML.json");
        var profile = c.Model().SigmaProfile(BlmeCase.Numbers(c.Root.GetProperty("theta")));
        var best = profile.Minimize();
        foreach (double factor in new[] { 1e-3, 1e3 })
        {
            var (sigma, iterations, converged) = SigmaNewton.Minimize(s =>
            {
                var d = profile.Derivatives(s);
                return (d.Value, d.First, d.Second);
            }, factor * best.Sigma);
            Assert.True(converged);
            PriorAssert.Near(best.Sigma, sigma, 1e-10, $"start x{factor}");
            Assert.InRange(iterations, 1, 40);
        }
    }
}
