using LmmPS.Core.Model;

namespace LmmPS.Conversion;

/// <summary>Evaluates the profiled objective at one theta (lme4's devfun) and shapes it for output.</summary>
public static class ObjectivePointFactory
{
    public static LmmObjectivePoint Evaluate(LmmDesign design, IReadOnlyList<double> theta, EstimationMethod method)
    {
        ThetaValidator.Check(design.Engine, theta, "-Theta");
        var point = new LinearMixedModel(design.Engine).Evaluate(theta, method);
        return FromEngine(design, point);
    }

    internal static LmmObjectivePoint FromEngine(LmmDesign design, ProfiledPoint point) =>
        new(design.Formula, point.Method.ToString(), design.ThetaNames, point.Theta.ToArray(), point.Objective, point.Sigma,
            design.FixedEffects, point.Beta.ToArray(), point.PenalizedRss, point.LogDetLZSquared, point.LogDetLXSquared);
}
