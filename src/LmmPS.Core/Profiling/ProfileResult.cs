using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>Likelihood profiles of a fit and the intervals read off them. Profiles are always of the ML deviance,
/// as lme4's profile() does (it refits a REML fit by ML first), so <see cref="MinimumDeviance"/> and the
/// estimates at zeta = 0 are the ML ones.</summary>
public sealed class ProfileResult
{
    /// <summary>The method of the fit that was profiled.</summary>
    public required EstimationMethod FitMethod { get; init; }

    /// <summary>Confidence level of <see cref="Intervals"/>.</summary>
    public required double Level { get; init; }

    /// <summary>The ML deviance at the ML estimates: zeta is measured from it.</summary>
    public required double MinimumDeviance { get; init; }

    /// <summary>The ML estimate of theta at the centre of every profile.</summary>
    public required IReadOnlyList<double> Theta { get; init; }

    /// <summary>Every profile point, by parameter (catalogue order) and then by value; one row per point.</summary>
    public required IReadOnlyList<ProfilePoint> Points { get; init; }

    /// <summary>Profile intervals for every profiled parameter, then Wald intervals for the fixed effects.</summary>
    public required IReadOnlyList<ProfileInterval> Intervals { get; init; }

    /// <summary>Notes about the whole profile (e.g. the ML refit of a REML fit).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Objective evaluations over all traces (and the ML refit).</summary>
    public required int Evaluations { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The trailing factor the profile's models ran on (<see cref="ProfileOptions.TrailingFactor"/>).</summary>
    public TrailingFactorKind TrailingFactor { get; init; }
}
