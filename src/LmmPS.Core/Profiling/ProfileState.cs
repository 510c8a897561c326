namespace LmmPS.Core.Profiling;

/// <summary>All parameters at a constrained optimum: theta, sigma and beta.</summary>
internal sealed record ProfileState(double[] Theta, double Sigma, double[] Beta);
