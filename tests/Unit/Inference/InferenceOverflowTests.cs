using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Inference;

/// <summary>Satterthwaite and Kenward-Roger tests on data near the range of a double: sleepstudy's response times 1e300
/// is fitted (through the Scaling reparametrisation), but the Hessian the tests need overflows on the design as given.
/// Before, MathNet's eigensolver failed with an IndexOutOfRangeException (UnexpectedEngineError in Test-LmmFixedEffect,
/// an exception text in Invoke-LmmFit's warning); now it is InferenceNotFinite, saying what to do.</summary>
public class InferenceOverflowTests
{
    [Theory]
    [InlineData(DegreesOfFreedomMethod.Satterthwaite)]
    [InlineData(DegreesOfFreedomMethod.KenwardRoger)]
    public void An_overflowing_hessian_is_a_clear_error_not_an_index_exception(DegreesOfFreedomMethod method)
    {
        var plain = HandBuiltDesigns.Sleepstudy();
        var huge = new LinearMixedModel(plain).WithResponse(plain.Response.Select(v => v * 1e300).ToArray()).Design;
        var fit = LmmFitter.Fit(huge);
        // The fit itself is the plain fit scaled (sigma times 1e300) ...
        var reference = LmmFitter.Fit(plain);
        Assert.Equal(reference.Sigma * 1e300, fit.Sigma, 1e-6 * reference.Sigma * 1e300);
        // ... and the tests refuse with the reason.
        var e = Assert.Throws<LmmException>(() => FixedEffectInference.For(fit, method).Coefficients());
        Assert.Equal("InferenceNotFinite", e.ErrorId);
        Assert.Contains("Rescale", e.Message);
    }
}
