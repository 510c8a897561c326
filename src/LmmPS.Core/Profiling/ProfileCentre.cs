namespace LmmPS.Core.Profiling;

/// <summary>Where every trace of one parameter starts: its ML estimate, the minimum deviance, the free variables at
/// the ML estimates, and a rough standard error that sizes the first step (the walk adapts from there).</summary>
internal sealed record ProfileCentre(double Estimate, double MinimumDeviance, double[] Free, ProfileState State, double ApproximateSE);
