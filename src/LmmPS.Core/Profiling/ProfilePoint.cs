namespace LmmPS.Core.Profiling;

/// <summary>One point of a likelihood profile: <see cref="Parameter"/> held at <see cref="Value"/>, every other
/// parameter re-optimised. <see cref="Deviance"/> is the ML deviance (-2 log-likelihood) there and
/// <see cref="Zeta"/> = sign(Value - estimate) sqrt(Deviance - minimum), lme4's <c>.zeta</c>.</summary>
/// <param name="Parameter">lme4's name of the held parameter.</param>
/// <param name="Value">The value it is held at.</param>
/// <param name="Zeta">Signed square root of the deviance increase.</param>
/// <param name="Deviance">ML deviance at the constrained optimum.</param>
/// <param name="Theta">The relative covariance parameters at the constrained optimum.</param>
/// <param name="Sigma">The residual SD there.</param>
/// <param name="Beta">The fixed effects there.</param>
public sealed record ProfilePoint(
    string Parameter,
    double Value,
    double Zeta,
    double Deviance,
    IReadOnlyList<double> Theta,
    double Sigma,
    IReadOnlyList<double> Beta);
