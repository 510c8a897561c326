using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using LmmPS.Tests.Properties;

namespace LmmPS.Tests.Scaling;

/// <summary>Issue 17: a fit is invariant under shifting and scaling a covariate (in X and as a random slope) and the
/// response. With x = a Days + c and y' = s y + d the model is an exact reparametrisation: the ML deviance gains
/// N log s^2 (pwrss scales by s^2, nothing else changes), and the fitted values X beta + Z b become s (X beta + Z b) + d.
/// Checked against the plain sleepstudy fit (itself at lme4's optimum, sleepstudy_ML.json) over scales 1e-12..1e12
/// and shifts up to 1e7 |a| and 1e7 s. The deviance is compared to 1e-8 of the unshifted one (its shifted value
/// N log s^2 + deviance can be near 0).</summary>
public class ScalingInvarianceProperties
{
    private static readonly Lazy<(FitResult Fit, double[] Fitted)> Base = new(() =>
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        return (fit, BadlyScaledCovariateTests.Fitted(design, fit));
    });

    [Fact]
    public void Objective_and_fitted_values_are_invariant_under_affine_maps_of_covariate_and_response()
    {
        var (baseFit, baseFitted) = Base.Value;
        using (var reference = TestData.Reference("sleepstudy_ML.json"))
            Assert.True(Math.Abs(baseFit.Objective - reference.RootElement.GetProperty("objective").GetDouble()) <= 1e-8 * baseFit.Objective);
        var maps = AffineMaps.Of(12);
        PropertyRun.Check(16, Prop.ForAll(maps, m =>
        {
            double a = m[0], c = m[1], s = m[2], d = m[3];
            var design = BadlyScaledCovariateTests.SleepstudyWith(v => a * v + c, y => s * y + d);
            var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
            string label = $"x = {a:R} Days + {c:R}, y' = {s:R} y + {d:R}";
            double expected = baseFit.Objective + design.RowCount * Math.Log(s * s);
            Assert.True(Math.Abs(fit.Objective - expected) <= 1e-8 * baseFit.Objective, $"{label}: objective {fit.Objective:R}, expected {expected:R}");
            var fitted = BadlyScaledCovariateTests.Fitted(design, fit);
            double size = baseFitted.Max(Math.Abs) * s + Math.Abs(d);
            for (int i = 0; i < fitted.Length; i++)
            {
                double e = s * baseFitted[i] + d;
                Assert.True(Math.Abs(fitted[i] - e) <= 1e-6 * size, $"{label}: row {i} fitted {fitted[i]:R}, expected {e:R}");
            }
        }));
    }
}
