using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Priors;

namespace LmmPS.Conformance;

/// <summary>The <c>gradient</c> check of a blme file: at each <c>devfun_points</c> theta with <c>gradient_fd</c>, the
/// analytic dF/dtheta of the prior's profiled objective F(theta) = min over sigma of f(theta, sigma) (the value blme's
/// optimizer minimises, with sigma re-optimised at each theta) against the file's finite differences of that F and
/// against our own finite differences of F, with the tolerances and rounding-noise floor of <see cref="GradientChecks"/>
/// (the noise of F is eps (|F| + n A_yy / rss) as for the plain objective: the same cancellation forms the rss).</summary>
public static class PriorGradientChecks
{
    public static IEnumerable<CheckResult> All(ReferenceCase rc, string referenceFile, PriorModel model, ModelDesign design)
    {
        List<(string Label, double[] Theta, double[] Fd, double Step)> points;
        try
        {
            points = GradientChecks.ReadPoints(referenceFile);
        }
        catch (Exception e)
        {
            return new[] { CheckResult.Exception(rc.FileName, CheckNames.Gradient, e) };
        }
        return points.Select(p => FitChecks.Guard(rc.FileName, $"{CheckNames.Gradient}/{p.Label}", () => Point(rc, design, model, p)));
    }

    private static CheckResult Point(ReferenceCase rc, ModelDesign design, PriorModel model,
        (string Label, double[] Theta, double[] Fd, double Step) point)
    {
        var analytic = model.Gradient(point.Theta);
        var at = model.Evaluate(point.Theta);
        double ayy = design.Response.Sum(v => v * v);
        double noise = GradientChecks.NoiseFactor * 2.220446049250313e-16 * (Math.Abs(at.PenalizedObjective) + design.RowCount * ayy / at.RssWithoutPrior);
        var own = FiniteDifference.Compare(design.ThetaNames, t => model.Objective(t), point.Theta, analytic, model.Model.ThetaLower);

        var comparer = GradientChecks.CompareElements("blme", design.ThetaNames, analytic, point.Fd, point.Step, own, noise);
        return comparer.ToResult(rc.FileName, $"{CheckNames.Gradient}/{point.Label}",
            $"dF/dtheta of the penalised objective; tol blme fd {Format.Small(GradientChecks.ReferenceRelative)} rel or " +
            $"max({Format.Small(GradientChecks.ReferenceAbsolute)}, noise {Format.Small(noise / point.Step)}) abs; own fd {Format.Small(GradientChecks.OwnRelative)} rel + noise");
    }
}
