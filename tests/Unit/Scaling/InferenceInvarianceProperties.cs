using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using LmmPS.Tests.Inference;
using LmmPS.Tests.Properties;

namespace LmmPS.Tests.Scaling;

/// <summary>Issue 20: the Satterthwaite df and t of a slope are invariant under x = a Days + c and y' = s y + d (t changes
/// sign with a), because the model is an exact reparametrisation. Checked against lmerTest's numbers for the plain
/// model at its tight optimum (inf_sleepstudy_REML.json), evaluated at that optimum mapped in closed form
/// (<see cref="BadlyScaledInferenceTests.MappedTheta"/>), over |a| in 1e-8..1e8, |c / a| up to 1e6, s in 1e-6..1e6 and
/// |d / s| up to 1e6.</summary>
public class InferenceInvarianceProperties
{
    [Fact]
    public void Satterthwaite_df_and_t_of_a_slope_are_invariant_under_affine_maps_of_covariate_and_response()
    {
        var reference = InferenceCase.Load("inf_sleepstudy_REML.json");
        var days = reference.Tight.GetProperty("satterthwaite").GetProperty("coefficients")[1];
        double df = days.GetProperty("df").GetDouble(), t = days.GetProperty("t").GetDouble();
        var maps = AffineMaps.Of(8);
        PropertyRun.Check(24, Prop.ForAll(maps, m =>
        {
            double a = m[0], c = m[1], s = m[2], d = m[3];
            var design = BadlyScaledCovariateTests.SleepstudyWith(v => a * v + c, y => s * y + d);
            var theta = BadlyScaledInferenceTests.MappedTheta(reference.TightTheta, a, c);
            var row = FixedEffectInference.At(design, theta, EstimationMethod.REML, DegreesOfFreedomMethod.Satterthwaite).Coefficients()[1];
            string label = $"x = {a:R} Days + {c:R}, y' = {s:R} y + {d:R}";
            InferenceCase.Close(df, row.DF, 1e-6, label + " df");
            InferenceCase.Close(t * Math.Sign(a), row.TValue, 1e-6, label + " t");
        }));
    }
}
