using LmmPS.Core.Design;
using LmmPS.Core.Model;

namespace LmmPS.Conformance;

/// <summary>Evaluates our objective at each fixed theta of <c>devfun_points</c> (no optimisation involved, so the
/// tolerance is tight) and compares the profiled sigma and beta there. One line per point.</summary>
public static class DevfunPointChecks
{
    public static IEnumerable<CheckResult> All(ReferenceCase rc, ModelDesign design)
    {
        var points = rc.DevfunPoints ?? Array.Empty<ReferenceDevfunPoint>();
        if (points.Count == 0)
            yield break;
        LinearMixedModel? model = null;
        CheckResult? failure = null;
        try
        {
            model = new LinearMixedModel(design);
        }
        catch (Exception e)
        {
            failure = CheckResult.Exception(rc.FileName, CheckNames.DevfunPoints, e);
        }
        if (failure is not null || model is null)
        {
            yield return failure!;
            yield break;
        }
        foreach (var point in points)
            yield return FitChecks.Guard(rc.FileName, $"{CheckNames.DevfunPoints}/{point.Label}", () => Point(rc, model, point));
    }

    public static CheckResult Point(ReferenceCase rc, LinearMixedModel model, ReferenceDevfunPoint point)
    {
        string check = $"{CheckNames.DevfunPoints}/{point.Label}";
        if (point.Theta.Any(t => t is null) || point.Value is null)
            return CheckResult.Skip(rc.FileName, check, "the reference point has a null theta or value");
        double[] theta = point.Theta.Select(t => t!.Value).ToArray();
        var comparer = new ElementComparer();
        double value = model.Objective(theta, rc.Method);
        comparer.Add("value", value, point.Value, Tolerance.RelativeAllowance(point.Value.Value, Tolerances.DevfunValue));
        if (point.Sigma is not null || point.Beta is not null)
        {
            var profiled = model.Evaluate(theta, rc.Method);
            if (point.Sigma is double sigma)
                comparer.Add("sigma", profiled.Sigma, sigma, Tolerance.RelativeAllowance(sigma, Tolerances.DevfunEstimate));
            if (point.Beta is { } beta)
            {
                // The points list beta in the order of design.fixef_columns; the design check has already
                // compared those names with ours, so a positional match is a match by name.
                var names = rc.FixedEffectColumns;
                for (int j = 0; j < beta.Count; j++)
                {
                    string label = $"beta[{(names is not null && j < names.Count ? names[j] : j.ToString(System.Globalization.CultureInfo.InvariantCulture))}]";
                    if (j < profiled.Beta.Count)
                        comparer.Add(label, profiled.Beta[j], beta[j], beta[j] is double b ? Tolerance.RelativeAllowance(b, Tolerances.DevfunEstimate) : 0);
                    else
                        comparer.Missing(label);
                }
                for (int j = beta.Count; j < profiled.Beta.Count; j++)
                    comparer.Extra($"beta[{j}]");
            }
        }
        return comparer.ToResult(rc.FileName, check,
            $"theta ({string.Join(", ", theta.Select(Format.Number))}); tol value {Format.Small(Tolerances.DevfunValue)} rel, sigma/beta {Format.Small(Tolerances.DevfunEstimate)} rel");
    }
}
