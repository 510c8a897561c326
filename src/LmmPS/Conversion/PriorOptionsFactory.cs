using LmmPS.Core.Common;
using LmmPS.Core.Priors;

namespace LmmPS.Conversion;

/// <summary>Turns Invoke-LmmFit's prior parameters into the engine's <see cref="FixedEffectPrior"/> (null for none),
/// rejecting combinations that cannot mean anything. Strings, not engine enums, cross the cmdlet boundary (see
/// CmdletMetadataTests: no engine type as a parameter).</summary>
internal static class PriorOptionsFactory
{
    public static FixedEffectPrior? Build(double[]? sd, double[,]? covariance, string? scale, string? objective)
    {
        if (sd is not null && covariance is not null)
            throw new LmmException("PriorSpecificationConflict", LmmErrorCategory.InvalidArgument,
                "Both -FixedEffectPriorSD and -FixedEffectPriorCovariance were given; give one: SDs for independent coefficients, or the full covariance.");
        if (sd is null && covariance is null)
        {
            if (scale is not null || objective is not null)
                throw new LmmException("PriorOptionWithoutPrior", LmmErrorCategory.InvalidArgument,
                    $"{(scale is not null ? "-PriorScale" : "-PriorObjective")} was given without a prior; add -FixedEffectPriorSD or -FixedEffectPriorCovariance, or drop it.");
            return null;
        }
        var priorScale = scale is null ? PriorScale.Relative : (PriorScale)Enum.Parse(typeof(PriorScale), scale, ignoreCase: true);
        PriorObjective? priorObjective = objective is null ? null : (PriorObjective)Enum.Parse(typeof(PriorObjective), objective, ignoreCase: true);
        return sd is not null
            ? FixedEffectPrior.FromStandardDeviations(sd, priorScale, priorObjective)
            : FixedEffectPrior.FromCovariance(covariance!, priorScale, priorObjective);
    }
}
