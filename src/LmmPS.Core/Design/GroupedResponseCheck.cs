using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Refuses a response that is constant within every level of a grouping factor whose random-effects term has
/// an intercept. Then y - X beta - Z b reaches 0 with beta's within-group columns at 0 and b the group values: the
/// residual variance goes to 0 and the deviance to minus infinity as theta grows, so any "optimum" is wherever the
/// optimizer gave up (issue 17: objective -3611.5, sigma 2e-6, theta 770,999, Converged; lme4 only warns).</summary>
internal static class GroupedResponseCheck
{
    /// <summary>Values closer than this fraction of the response's range count as equal (group means written out
    /// with rounding are still constant).</summary>
    private const double RelativeTolerance = 1e-12;

    public static void Check(Formula formula, double[] response, IReadOnlyList<RandomEffectsTerm> terms)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in response)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        double tolerance = RelativeTolerance * (hi - lo);
        foreach (var term in terms)
        {
            if (!term.ColumnNames.Contains("(Intercept)"))
                continue;
            var min = Enumerable.Repeat(double.PositiveInfinity, term.LevelCount).ToArray();
            var max = Enumerable.Repeat(double.NegativeInfinity, term.LevelCount).ToArray();
            for (int i = 0; i < response.Length; i++)
            {
                int level = term.LevelIndex[i];
                min[level] = Math.Min(min[level], response[i]);
                max[level] = Math.Max(max[level], response[i]);
            }
            bool constant = true;
            for (int level = 0; level < term.LevelCount && constant; level++)
                constant = max[level] - min[level] <= tolerance;
            if (!constant)
                continue;
            throw new LmmException(
                "ResponseConstantWithinGroups",
                LmmErrorCategory.InvalidData,
                $"The response '{formula.Response}' is constant within every level of '{term.Group}' ({term.LevelCount} levels), and " +
                $"the random intercept for '{term.Group}' reproduces it exactly: the residual variance goes to 0 and the likelihood " +
                $"has no maximum (lme4 warns and returns a meaningless fit). Model the group values without the random intercept " +
                $"(e.g. one row per '{term.Group}'), or check that the response is the right column.")
            {
                Column = term.Group,
                Position = FormulaLocator.FindVariable(formula.Text, formula.Response),
            };
        }
    }
}
