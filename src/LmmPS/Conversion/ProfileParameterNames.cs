using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Profiling;

namespace LmmPS.Conversion;

/// <summary>
/// The parameters a profile covers, named as lme4's <c>confint(fit, oldNames = FALSE)</c> names them (the engine's
/// <see cref="ProfileParameterCatalog"/>): per random-effects term, in theta order, <c>sd_NAME|GROUP</c> on the
/// diagonal and <c>cor_ROW.COLUMN|GROUP</c> below it; then <c>sigma</c>; then the fixed effects.
/// </summary>
public static class ProfileParameterNames
{
    public static IReadOnlyList<string> For(ModelDesign design) =>
        ProfileParameterCatalog.For(design).Select(p => p.Name).ToList();

    /// <summary>Checks -Parameter against the names above (exact, case-sensitive as lme4).</summary>
    public static void CheckSelection(ModelDesign design, IEnumerable<string> requested)
    {
        var known = For(design);
        foreach (var name in requested)
        {
            if (!known.Contains(name))
            {
                throw new LmmException("ParameterNotFound", LmmErrorCategory.ObjectNotFound,
                    $"-Parameter '{name}' is not a parameter of '{design.Formula.Text}'. Parameters: {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>Confidence level must lie strictly between 0 and 1.</summary>
    public static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new LmmException("InvalidLevel", LmmErrorCategory.InvalidArgument,
                $"-Level is {level.ToString(System.Globalization.CultureInfo.InvariantCulture)}; give a confidence level strictly between 0 and 1, e.g. 0.95.");
        }
    }
}
