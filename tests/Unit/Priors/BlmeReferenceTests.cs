using LmmPS.Core.Priors;

namespace LmmPS.Tests.Priors;

/// <summary>The prior's objective against blme 1.0-5 (tests/data/reference/blme_*.json): F(theta) and its sigma and
/// beta at blme's theta points, the value at blme's own (theta, sigma), and on the absolute scale the sigma profiles
/// of both objectives (sigma-hat, value, analytic d/dsigma and d2/dsigma2 of log = -f/2).</summary>
public class BlmeReferenceTests
{
    [Theory]
    [MemberData(nameof(BlmeCase.All), MemberType = typeof(BlmeCase))]
    public void Profiled_objective_matches_devfun_points(string file)
    {
        using var c = new BlmeCase(file);
        var model = c.Model();
        foreach (var point in c.Root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            var theta = BlmeCase.Numbers(point.GetProperty("theta"));
            string label = $"{file} {point.GetProperty("label").GetString()}";
            var at = model.Evaluate(theta);
            PriorAssert.Near(point.GetProperty("value").GetDouble(), at.PenalizedObjective, 1e-10, label + " F(theta)");
            PriorAssert.Near(point.GetProperty("sigma").GetDouble(), at.Sigma, 1e-8, label + " sigma");
            var beta = BlmeCase.Numbers(point.GetProperty("beta"));
            for (int i = 0; i < beta.Length; i++)
                PriorAssert.Near(beta[i], at.Beta[i], 1e-7, $"{label} beta[{i}]", 1e-9);
            PriorAssert.Near(point.GetProperty("ldRX2").GetDouble(), at.LogDetLXSquared, 1e-9, label + " ldRX2");
            PriorAssert.Near(point.GetProperty("beta_prior_quadratic_form").GetDouble(), at.BetaQuadraticForm, 1e-7, label + " beta'S^-1 beta");
            PriorAssert.Near(point.GetProperty("pwrss_without_prior").GetDouble(), at.RssWithoutPrior, 1e-9, label + " wrss + ussq");
        }
    }

    [Theory]
    [MemberData(nameof(BlmeCase.All), MemberType = typeof(BlmeCase))]
    public void Reported_criterion_plus_penalty_is_the_penalised_objective_at_blmes_optimum(string file)
    {
        using var c = new BlmeCase(file);
        var model = c.Model();
        var theta = BlmeCase.Numbers(c.Root.GetProperty("theta"));
        double sigma = c.Root.GetProperty("sigma").GetDouble();
        double penalised = c.Root.GetProperty("objective_penalised").GetDouble();
        // blme optimises sigma jointly on the absolute scale: its value is f at ITS sigma, not at the profiled one.
        var profile = model.SigmaProfile(theta);
        PriorAssert.Near(penalised, profile.Value(sigma), 1e-11, file + " f(theta, sigma) at blme's optimum");
        var point = model.Evaluate(theta);
        Assert.True(point.PenalizedObjective <= penalised + 1e-9, $"{file}: profiled F {point.PenalizedObjective:R} above blme's {penalised:R}");
        if (c.Scale == PriorScale.Relative)
        {
            // Closed-form sigma: blme's reported -2 logLik and its penalty are exactly ours at its theta.
            PriorAssert.Near(c.Root.GetProperty("objective").GetDouble(), point.Objective, 1e-10, file + " reported -2 logLik");
            PriorAssert.Near(c.Root.GetProperty("prior_penalty").GetDouble(), point.Penalty, 1e-9, file + " penalty");
        }
    }

    [Theory]
    [MemberData(nameof(BlmeCase.Absolute), MemberType = typeof(BlmeCase))]
    public void Newton_sigma_and_analytic_derivatives_match_the_sigma_profiles(string file)
    {
        using var c = new BlmeCase(file);
        var model = c.Model();
        foreach (var point in c.Root.GetProperty("sigma_profiles").GetProperty("points").EnumerateArray())
        {
            var theta = BlmeCase.Numbers(point.GetProperty("theta"));
            foreach (var (key, objective) in new[] { ("a_profiled_posterior_mode", PriorObjective.PosteriorMode), ("b_beta_integrated", PriorObjective.IntegratedLikelihood) })
            {
                var reference = point.GetProperty(key);
                string label = $"{file} {point.GetProperty("label").GetString()} {objective}";
                var profile = model.SigmaProfile(theta, objective);
                var optimum = profile.Minimize();
                Assert.True(optimum.Converged, label + " Newton did not converge");
                Assert.InRange(optimum.Iterations, 1, 6);
                double sigmaRef = reference.GetProperty("sigma").GetDouble();
                PriorAssert.Near(sigmaRef, optimum.Sigma, 1e-9, label + " sigma-hat");
                PriorAssert.Near(reference.GetProperty("minus2_log_objective").GetDouble(), optimum.Value, 1e-12, label + " f at sigma-hat");
                // The files give derivatives of log = -f/2 with respect to sigma.
                var d = profile.Derivatives(sigmaRef);
                PriorAssert.Near(reference.GetProperty("d2log_dsigma2_analytic").GetDouble(), -d.Second / 2, 1e-8, label + " d2 log/dsigma2");
                PriorAssert.Near(reference.GetProperty("dlog_dsigma_analytic").GetDouble(), -d.First / 2, 0, label + " d log/dsigma", 1e-9);
                var beta = BlmeCase.Numbers(reference.GetProperty("beta"));
                var state = model.SigmaProfile(theta, objective).Minimize();
                Assert.Equal(optimum.Sigma, state.Sigma);
            }
        }
    }
}
