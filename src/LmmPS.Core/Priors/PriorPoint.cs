namespace LmmPS.Core.Priors;

/// <summary>The profiled objective of a fit with a fixed-effect prior at one theta: F(theta) = min over sigma of
/// f(theta, sigma), with the sigma and beta that attain it and blme's split of F into the reported criterion and the
/// prior's penalty.</summary>
/// <param name="Theta">Where it was evaluated.</param>
/// <param name="Scale">The prior's scale.</param>
/// <param name="ObjectiveKind">Posterior mode (a) or integrated likelihood (b).</param>
/// <param name="PenalizedObjective">F(theta): the value minimised (blme's devfun / <c>objective_penalised</c>).</param>
/// <param name="Objective">F minus the penalty: the -2 log-likelihood blme reports (prior excluded).</param>
/// <param name="Penalty">-2 log N(beta~; 0, Sigma_beta) (blme's "Prior dev").</param>
/// <param name="Sigma">The sigma minimising f(theta, sigma).</param>
/// <param name="Beta">The joint mode of beta at that sigma.</param>
/// <param name="RssWithoutPrior">wrss + ||u~||^2.</param>
/// <param name="BetaQuadraticForm">beta~'S^-1 beta~ (S the prior covariance as given, relative or absolute).</param>
/// <param name="LogDetLZSquared">ldL2 = log det(L_Z)^2, as without a prior.</param>
/// <param name="LogDetLXSquared">log det(X'X + k S^-1 - L_ZX L_ZX'), the penalised ldRX2 blme reports.</param>
/// <param name="SigmaIterations">Newton steps for sigma (0 on the relative scale, where it is closed form).</param>
public sealed record PriorPoint(
    IReadOnlyList<double> Theta,
    PriorScale Scale,
    PriorObjective ObjectiveKind,
    double PenalizedObjective,
    double Objective,
    double Penalty,
    double Sigma,
    IReadOnlyList<double> Beta,
    double RssWithoutPrior,
    double BetaQuadraticForm,
    double LogDetLZSquared,
    double LogDetLXSquared,
    int SigmaIterations);
