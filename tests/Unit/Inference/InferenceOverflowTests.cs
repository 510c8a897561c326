using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Inference;

/// <summary>Satterthwaite and Kenward-Roger tests on data near the range of a double: sleepstudy's response times 1e300
/// is fitted through the Scaling reparametrisation. The tests were computed on the design as given, whose Hessian
/// overflowed: first an IndexOutOfRangeException from MathNet's eigensolver, then InferenceNotFinite (issue 17 item 10).
/// Since issue 20 they run on the same exact reparametrisation as the fit (Inference/WorkingDesign), so the slope's df
/// and t are lmerTest's for the plain model (inf_sleepstudy_REML.json, at its tight optimum: theta is relative to sigma,
/// so it does not change).</summary>
public class InferenceOverflowTests
{
    [Theory]
    [InlineData(DegreesOfFreedomMethod.Satterthwaite, "satterthwaite")]
    [InlineData(DegreesOfFreedomMethod.KenwardRoger, "kenward_roger")]
    public void A_response_near_the_range_of_a_double_is_tested_on_the_reparametrised_design(DegreesOfFreedomMethod method, string section)
    {
        var plain = HandBuiltDesigns.Sleepstudy();
        var huge = new LinearMixedModel(plain).WithResponse(plain.Response.Select(v => v * 1e300).ToArray()).Design;
        var fit = LmmFitter.Fit(huge);
        // The fit itself is the plain fit scaled (sigma times 1e300) ...
        var reference = LmmFitter.Fit(plain);
        Assert.Equal(reference.Sigma * 1e300, fit.Sigma, 1e-6 * reference.Sigma * 1e300);
        // ... and so are the tests.
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var expected = c.Tight.GetProperty(section).GetProperty("coefficients")[1];
        var row = FixedEffectInference.At(huge, c.TightTheta, EstimationMethod.REML, method).Coefficients()[1];
        InferenceCase.Close(expected.GetProperty("df").GetDouble(), row.DF, 1e-6, $"{method} df");
        InferenceCase.Close(expected.GetProperty("t").GetDouble(), row.TValue, 1e-6, $"{method} t");
        InferenceCase.Close(expected.GetProperty("se").GetDouble() * 1e300, row.StdError, 1e-6, $"{method} se");
    }
}
