using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Tests.Hardening;

namespace LmmPS.Tests.Properties;

/// <summary>
/// REML against ML when the model has no fixed effects. The REML criterion is the ML deviance with n replaced by
/// n - p in the sigma term plus log det(R_X)^2 (Bates et al. 2015, eq. 41-42 against 34); with p = 0 both additions
/// vanish, so the two criteria are the same function of theta and the fits coincide. lme4's ML fit of
/// y ~ 0 + (1 + x | g) (ranef_only_ML.json) is therefore also the REML answer.
/// </summary>
public class NoFixedEffectsProperties
{
    private const string Formula = "y ~ 0 + (1 + x | g)";
    private static readonly Lazy<LinearMixedModel> Model = new(() =>
        new LinearMixedModel(Pipeline.BuildDesign(Formula, Pipeline.DataFile("ranef_only_sim"))));

    [Fact]
    public void Reml_and_ml_criteria_are_equal_at_every_theta()
    {
        var model = Model.Value;
        Assert.Equal(0, model.Design.FixedEffectCount);
        // theta = (diagonal >= 0, off-diagonal free, diagonal >= 0), the layout of a 2 x 2 template.
        var diagonal = Gen.Choose(0, 5000).Select(k => k / 1000.0);
        var offDiagonal = Gen.Choose(-3000, 3000).Select(k => k / 1000.0);
        var thetas = Gen.Zip(Gen.Zip(diagonal, offDiagonal), diagonal).Select(t => new[] { t.Item1.Item1, t.Item1.Item2, t.Item2 }).ToArbitrary();
        PropertyRun.Check(200, Prop.ForAll(thetas, theta =>
        {
            double ml = model.Objective(theta, EstimationMethod.ML);
            double reml = model.Objective(theta, EstimationMethod.REML);
            Assert.True(ml == reml || Math.Abs(ml - reml) <= 1e-10 * Math.Abs(ml), $"theta ({string.Join(", ", theta)}): ML {ml}, REML {reml}");
        }));
    }

    [Fact]
    public void Reml_fit_equals_the_ml_fit_and_lme4s_ml_reference()
    {
        using var reference = TestData.Reference("ranef_only_ML.json");
        var r = reference.RootElement;
        var design = Model.Value.Design;
        var ml = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        var reml = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML });

        Assert.Equal(ml.Objective, reml.Objective, 10);
        Assert.Equal(ml.Theta, reml.Theta);
        Assert.Equal(ml.Sigma, reml.Sigma, 12);
        Assert.Equal(r.GetProperty("objective").GetDouble(), reml.Objective, 5);
        Assert.Equal(r.GetProperty("sigma").GetDouble(), reml.Sigma, 3);
        var theta = r.GetProperty("theta");
        for (int t = 0; t < reml.Theta.Count; t++)
            Assert.Equal(theta.GetProperty(reml.ThetaNames[t]).GetDouble(), reml.Theta[t], 3);
    }
}
