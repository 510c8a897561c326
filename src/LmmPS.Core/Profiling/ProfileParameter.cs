namespace LmmPS.Core.Profiling;

/// <summary>One parameter a profile can cover, named as lme4's <c>confint(fit, oldNames = FALSE)</c> names it.</summary>
/// <param name="Name">e.g. <c>sd_(Intercept)|Subject</c>, <c>cor_Days.(Intercept)|Subject</c>, <c>sigma</c>, <c>Days</c>.</param>
/// <param name="Kind">Standard deviation, correlation, sigma or fixed effect.</param>
/// <param name="Term">Random-effects term (design order) for SDs and correlations; -1 otherwise.</param>
/// <param name="Row">Template row: the SD's column of Z, or the correlation's first (larger) index.</param>
/// <param name="Column">Template column: equal to <paramref name="Row"/> for an SD, the smaller index for a correlation.</param>
/// <param name="FixedEffect">Column of X for a fixed effect; -1 otherwise.</param>
/// <param name="Lower">Smallest value the parameter can take (0 for SDs and sigma, -1 for correlations).</param>
/// <param name="Upper">Largest value (1 for correlations, +infinity otherwise).</param>
public sealed record ProfileParameter(
    string Name,
    ProfileParameterKind Kind,
    int Term,
    int Row,
    int Column,
    int FixedEffect,
    double Lower,
    double Upper);
