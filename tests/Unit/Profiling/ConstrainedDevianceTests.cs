using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Profiling;

/// <summary>The deviance of a profile point is the ML deviance with the parameter held: it equals an independent
/// dense -2 log-likelihood at the point's theta, sigma and beta (which reproduce the held value), a refit of the
/// model with the fixed effect moved into the response, a brute-force minimum over theta; and at the estimate it
/// is the fit's minimum (zeta = 0).</summary>
public class ConstrainedDevianceTests
{
    private static readonly Lazy<(ModelDesign Design, FitResult Fit, ProfileResult Profile)> Sleep = new(() =>
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        return (design, fit, LmmProfiler.Profile(fit));
    });

    [Theory]
    [InlineData("sleepstudy_ML.json")]
    [InlineData("Penicillin_ML.json")]
    [InlineData("ranef_only_ML.json")]
    public void Zeta_is_zero_at_the_estimate_for_every_parameter(string file)
    {
        var design = DevfunPointTests.DesignFor(file);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        var layout = new ThetaLayout(design.RandomTerms);
        var evaluator = new ProfileEvaluator(new LinearMixedModel(design));
        var estimates = LmmProfiler.Profile(fit, new ProfileOptions { MaxPointsPerTrace = 2, RefineLimits = false }).Intervals
            .Where(i => i.Method == "profile").ToDictionary(i => i.Parameter, i => i.Estimate);
        foreach (var parameter in ProfileParameterCatalog.For(design))
        {
            var problem = ConstrainedProblem.For(parameter, layout, fit.Sigma);
            double estimate = estimates[parameter.Name];
            var (_, deviance, _) = ConstrainedMinimizer.Minimize(problem, evaluator, estimate, problem.FreeAt(fit.Theta), 0.02, default);
            // Re-optimising with the parameter at its estimate can only find the fit's minimum again (or a hair lower).
            double zetaSquared = deviance - fit.Objective;
            Assert.True(Math.Abs(zetaSquared) < 1e-6, $"{file} {parameter.Name}: deviance {deviance:R} vs minimum {fit.Objective:R}");
        }
    }

    [Fact]
    public void Every_sleepstudy_point_is_the_dense_ML_deviance_at_its_parameters_and_holds_its_value()
    {
        var (design, _, profile) = Sleep.Value;
        foreach (var point in profile.Points)
        {
            double dense = DenseLikelihood.MinusTwoLogLik(design, point.Theta, point.Sigma, point.Beta);
            Assert.True(Math.Abs(dense - point.Deviance) < 1e-8 * dense, $"{point.Parameter} at {point.Value:R}: dense {dense:R}, profile {point.Deviance:R}");
            Assert.Equal(point.Value, HeldValue(point), 8);
        }
    }

    [Fact]
    public void A_fixed_effect_point_equals_an_ML_refit_with_that_effect_moved_into_the_response()
    {
        var (design, _, profile) = Sleep.Value;
        int n = design.RowCount;
        foreach (var point in profile.Points.Where(p => p.Parameter == "Days").Where((_, i) => i % 3 == 0))
        {
            // y - Days * b with X = (Intercept) only: lme4's profile of a fixed effect (offset model).
            var y = new double[n];
            for (int i = 0; i < n; i++)
                y[i] = design.Response[i] - design.X[n + i] * point.Value;
            var reduced = new ModelDesign(design.Formula, y, design.X.Take(n).ToArray(), new[] { "(Intercept)" }, Array.Empty<string>(),
                design.RandomTerms, design.RowsUsed, 0);
            var refit = LmmFitter.Fit(reduced, new FitOptions { Method = EstimationMethod.ML, StartTheta = point.Theta.ToArray() });
            Assert.True(Math.Abs(refit.Objective - point.Deviance) < 1e-7 * refit.Objective,
                $"Days = {point.Value:R}: refit {refit.Objective:R}, profile {point.Deviance:R}");
            Assert.Equal(refit.FixedEffects[0].Estimate, point.Beta[0], 3);
        }
    }

    [Fact]
    public void Dyestuff_SD_limits_are_where_a_brute_force_minimum_over_theta_reaches_the_quantile()
    {
        var design = HandBuiltDesigns.Dyestuff();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        var interval = LmmProfiler.Profile(fit, new ProfileOptions { Parameters = new[] { "sd_(Intercept)|Batch" } }).Intervals.Single();
        foreach (var limit in new[] { interval.Lower, interval.Upper })
        {
            // With the SD held at v, sigma = v / theta; beta at its GLS value. Golden-section search over theta on the
            // dense likelihood: nothing shared with the profiler but the data.
            double Deviance(double theta)
            {
                double sigma = limit / theta;
                var model = new LinearMixedModel(design);
                var beta = model.Evaluate(new[] { theta }, EstimationMethod.ML).Beta;
                return DenseLikelihood.MinusTwoLogLik(design, new[] { theta }, sigma, beta);
            }
            double lo = 0.05, hi = 5.0, g = (Math.Sqrt(5) - 1) / 2;
            for (int i = 0; i < 80; i++)
            {
                double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
                if (Deviance(a) < Deviance(b)) hi = b; else lo = a;
            }
            double zeta = Math.Sqrt(Deviance(0.5 * (lo + hi)) - fit.Objective);
            Assert.True(Math.Abs(zeta - 1.959963984540054) < 1e-4, $"limit {limit:R}: |zeta| {zeta:R}");
        }
    }

    private static double HeldValue(ProfilePoint point)
    {
        var t = point.Theta;
        return point.Parameter switch
        {
            "sd_(Intercept)|Subject" => point.Sigma * Math.Abs(t[0]),
            "sd_Days|Subject" => point.Sigma * Math.Sqrt(t[1] * t[1] + t[2] * t[2]),
            "cor_Days.(Intercept)|Subject" => t[1] / Math.Sqrt(t[1] * t[1] + t[2] * t[2]),
            "sigma" => point.Sigma,
            "(Intercept)" => point.Beta[0],
            "Days" => point.Beta[1],
            _ => throw new ArgumentException(point.Parameter),
        };
    }
}
