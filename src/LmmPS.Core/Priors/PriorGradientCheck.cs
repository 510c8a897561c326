using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>What Test-LmmGradient shows under a fixed-effect prior: the analytic dF/dtheta of the prior's objective
/// F(theta) = min over sigma of f(theta, sigma) against finite differences of F (sigma re-optimised at each shifted
/// theta), and on the absolute scale, where sigma comes from Newton's method, the analytic d f/d sigma and
/// d2 f/d sigma2 at (theta, sigma*) against <see cref="FiniteDifference.Scalar"/> (fourth-order central differences).</summary>
public static class PriorGradientCheck
{
    /// <summary>Parameter name of the row for d f / d sigma (0 at sigma*, up to rounding).</summary>
    public const string SigmaFirstDerivative = "d/dsigma";

    /// <summary>Parameter name of the row for d2 f / d sigma2 (the curvature Newton's method uses).</summary>
    public const string SigmaSecondDerivative = "d2/dsigma2";

    /// <summary>One row per theta element, then (absolute scale) the two sigma rows, whose Value is sigma*. The sigma
    /// rows use <see cref="FiniteDifference.Scalar"/>'s own relative step (1e-4): a second difference needs a larger
    /// step than a first one to stay above rounding. Throws <see cref="Common.LmmException"/> for a theta of the wrong
    /// length or outside the bounds, for a prior that does not fit the model, or where the model cannot be evaluated.</summary>
    public static IReadOnlyList<DerivativeCheck> Check(ModelDesign design, IReadOnlyList<double> theta, FixedEffectPrior prior,
        EstimationMethod method, double relativeStep = FiniteDifference.DefaultRelativeStep)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        if (theta is null) throw new ArgumentNullException(nameof(theta));
        if (prior is null) throw new ArgumentNullException(nameof(prior));
        var model = new PriorModel(new LinearMixedModel(design), prior, method);
        var point = theta.ToArray();
        var analytic = model.Gradient(point);
        var rows = FiniteDifference.Compare(design.ThetaNames, t => model.Objective(t), point, analytic,
            model.Model.ThetaLower, null, relativeStep).ToList();
        if (prior.Scale == PriorScale.Absolute)
        {
            var profile = model.SigmaProfile(point);
            double sigma = profile.Minimize().Sigma;
            var exact = profile.Derivatives(sigma);
            var numeric = FiniteDifference.Scalar(profile.Value, sigma, lower: 0);
            rows.Add(new DerivativeCheck(SigmaFirstDerivative, sigma, exact.First, numeric.First, numeric.Step, DifferenceScheme.Central));
            rows.Add(new DerivativeCheck(SigmaSecondDerivative, sigma, exact.Second, numeric.Second, numeric.Step, DifferenceScheme.Central));
        }
        return rows;
    }
}
