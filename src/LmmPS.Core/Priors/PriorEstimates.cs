namespace LmmPS.Core.Priors;

/// <summary>The estimates at the optimum of a fit with a prior that replace the no-prior ones when the result is
/// built: beta and sigma from the prior's joint mode, vcov = sigma^2 M^-1 (the posterior covariance of beta given
/// theta and sigma, blme's vcov), and the penalised pwrss and ldRX2; dF/dtheta of
/// the minimised objective (null when the model is too large for the gradient's extra memory,
/// <c>GradientUnavailable</c> then says so).</summary>
internal sealed record PriorEstimates(
    double Sigma,
    double[] Beta,
    double[,] Covariance,
    double PenalizedRss,
    double LogDetLXSquared,
    double Objective,
    PriorFitInfo Info,
    double[]? Gradient,
    string? GradientUnavailable);
