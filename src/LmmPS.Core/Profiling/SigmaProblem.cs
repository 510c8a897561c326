using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>sigma held at s. lme4 minimises devfun2 over the SDs and correlations with sigma fixed; for a fixed
/// sigma those map one-to-one onto theta (theta = chol(Cov) / sigma), so minimising d(theta, s) over theta is the
/// same minimum.</summary>
internal sealed class SigmaProblem : ThetaProblem
{
    public SigmaProblem(ProfileParameter parameter, ThetaLayout layout)
        : base(parameter, layout)
    {
    }

    public override double Deviance(ProfileEvaluator evaluator, double value, double[] free)
    {
        if (!evaluator.Update(free) || !(value > 0))
            return double.PositiveInfinity;
        return ConstrainedDeviance.AtSigma(evaluator, value);
    }

    public override ProfileState State(ProfileEvaluator evaluator, double value, double[] free) =>
        new((double[])free.Clone(), value, evaluator.BetaHat());
}
