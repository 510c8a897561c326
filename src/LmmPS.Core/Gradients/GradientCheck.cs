using LmmPS.Core.Design;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>The analytic gradient of the profiled objective against <see cref="FiniteDifference"/> at any theta:
/// what Test-LmmGradient shows and the tests assert.</summary>
public static class GradientCheck
{
    /// <summary>One row per theta element: analytic d f / d theta_i, its finite-difference estimate (central, or
    /// one-sided second order next to a lower bound), and the errors. Throws <see cref="Common.LmmException"/> for a
    /// theta of the wrong length or outside the bounds, or where the fixed effects cannot be estimated.</summary>
    public static IReadOnlyList<DerivativeCheck> CheckGradient(ModelDesign design, IReadOnlyList<double> theta,
        EstimationMethod method, double relativeStep = FiniteDifference.DefaultRelativeStep)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        if (theta is null) throw new ArgumentNullException(nameof(theta));
        var model = new LinearMixedModel(design);
        var point = theta.ToArray();
        var analytic = model.Gradient(point, method);
        return FiniteDifference.Compare(design.ThetaNames, t => model.Objective(t, method), point, analytic,
            model.ThetaLower, null, relativeStep);
    }
}
