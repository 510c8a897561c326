namespace LmmPS.Core.Fitting;

/// <summary>Conditional modes of one term's random effects (b = Lambda u at the optimum) and their conditional
/// standard deviations, as lme4's <c>ranef(fit, condVar = TRUE)</c> gives them.</summary>
/// <param name="Group">Grouping factor label.</param>
/// <param name="Levels">The factor's levels, in order.</param>
/// <param name="Names">The term's column names.</param>
/// <param name="Modes">levels x k, row-major: Modes[level * k + column].</param>
/// <param name="ConditionalSD">levels x k, row-major, same layout.</param>
public sealed record RandomEffectsTable(string Group, IReadOnlyList<string> Levels, IReadOnlyList<string> Names, double[] Modes, double[] ConditionalSD);
