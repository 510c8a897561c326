namespace LmmPS.Core.Fitting;

/// <summary>What a refit of a simulated response reports (<see cref="LmmFitter.Refit"/>): the optimum theta, beta and
/// sigma there, the objective, whether the optimizer converged, its evaluations, and lme4's singular check.</summary>
internal sealed record RefitEstimate(double[] Theta, double[] Beta, double Sigma, double Objective, bool Converged,
    int Evaluations, bool Singular);
