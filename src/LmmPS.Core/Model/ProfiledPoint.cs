namespace LmmPS.Core.Model;

/// <summary>The profiled objective at one theta, with the quantities profiled out (sigma, beta) and the pieces of
/// the deviance: what lme4's devfun computes, and what the seeds call the profile likelihood at a point.</summary>
public sealed record ProfiledPoint(
    IReadOnlyList<double> Theta,
    EstimationMethod Method,
    double Objective,
    double Sigma,
    IReadOnlyList<double> Beta,
    double PenalizedRss,
    double LogDetLZSquared,
    double LogDetLXSquared)
{
    public double LogLikelihood => -Objective / 2;
}
