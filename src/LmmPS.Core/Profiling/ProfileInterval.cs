namespace LmmPS.Core.Profiling;

/// <summary>A confidence interval for one parameter: from the profile (<see cref="Method"/> <c>profile</c>, lme4's
/// <c>confint(method = "profile")</c>) or, for fixed effects, <c>Wald</c> (estimate +- z SE). A limit the profile
/// could not establish is NaN and <see cref="Note"/> says why; a limit at a parameter bound (an SD of 0, a
/// correlation of +-1) is that bound, also with a note.</summary>
/// <param name="Parameter">lme4's name.</param>
/// <param name="Estimate">The estimate the interval is about (for profiles of a REML fit, the ML estimate).</param>
/// <param name="Lower">Lower limit.</param>
/// <param name="Upper">Upper limit.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="Method"><c>profile</c> or <c>Wald</c>.</param>
/// <param name="Note">Empty, or what went wrong or was bounded.</param>
public sealed record ProfileInterval(
    string Parameter,
    double Estimate,
    double Lower,
    double Upper,
    double Level,
    string Method,
    string Note);
