namespace LmmPS.Core.Fitting;

/// <summary>Progress of a fit, reported after each objective evaluation through <see cref="IProgress{T}"/>.</summary>
public sealed record FitProgress(int Evaluation, int MaxEvaluations, double Objective, double BestObjective, IReadOnlyList<double> Theta);
