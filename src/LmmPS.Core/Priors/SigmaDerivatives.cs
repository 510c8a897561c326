namespace LmmPS.Core.Priors;

/// <summary>f(theta, sigma) and its analytic derivatives with respect to sigma at fixed theta (-2 log scale).</summary>
public sealed record SigmaDerivatives(double Sigma, double Value, double First, double Second);

/// <summary>The sigma minimising f at fixed theta; <see cref="Iterations"/> Newton steps (0 where sigma has a closed form).</summary>
public sealed record SigmaOptimum(double Sigma, double Value, int Iterations, bool Converged);
