using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Profiling;

/// <summary>What to profile and how far. Defaults: every parameter, 95% intervals, traces out to |zeta| = 2.576
/// (enough for a 99% interval), all cores.</summary>
public sealed class ProfileOptions
{
    /// <summary>sqrt(qchisq(0.99, 1)): the |zeta| a trace must pass to cover a 99% interval.</summary>
    public const double DefaultThreshold = 2.5758293035489004;

    /// <summary>Confidence level of the intervals.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Each trace walks until |zeta| passes this (or a bound). Raised to cover <see cref="Level"/> if lower.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>Parameters to profile by lme4's names (see <see cref="ProfileParameterCatalog"/>); null for all.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Most points per trace (each parameter has two traces, below and above the estimate).</summary>
    public int MaxPointsPerTrace { get; init; } = 30;

    /// <summary>Traces computed at once; 0 for the number of processors.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>After the walk, re-evaluate the profile at each interpolated interval limit (and once more if it
    /// is still off), so the limits are exact rather than interpolated. Costs two or three points per limit.</summary>
    public bool RefineLimits { get; init; } = true;

    /// <summary>The zeta spacing the walk aims its points at (it adapts the step in the parameter to it); 0 for
    /// z / 3, so that the third point of each trace lands on the interval limit (z = 1.96 for 95%).</summary>
    public double ZetaStep { get; init; }

    /// <summary>The trailing factor the profile's models use: Automatic (the default) makes the same choice a fit
    /// makes, so a nested or partially crossed design whose fit ran on the sparse kind is profiled on it too, instead
    /// of allocating the dense m x m block its fit avoided; Dense or Sparse force a kind (tests compare the two).</summary>
    public TrailingFactorKind TrailingFactor { get; init; } = TrailingFactorKind.Automatic;

    /// <summary>Rejects options a user can get wrong, naming the option and what to give instead.</summary>
    internal void Validate()
    {
        if (!(Level > 0 && Level < 1))
            throw new LmmException("InvalidLevel", LmmErrorCategory.InvalidArgument,
                $"Level is {Text(Level)}; give a confidence level strictly between 0 and 1, e.g. 0.95.");
        if (!(Threshold > 0) || double.IsInfinity(Threshold))
            throw new LmmException("InvalidThreshold", LmmErrorCategory.InvalidArgument,
                $"Threshold is {Text(Threshold)}; give a positive finite |zeta| at which the traces stop, e.g. {Text(DefaultThreshold)} (99%).");
        if (MaxPointsPerTrace < 2)
            throw new LmmException("InvalidMaxPoints", LmmErrorCategory.InvalidArgument,
                $"MaxPointsPerTrace is {MaxPointsPerTrace}; a trace needs at least 2 points (default 30).");
        if (MaxDegreeOfParallelism < 0)
            throw new LmmException("InvalidParallelism", LmmErrorCategory.InvalidArgument,
                $"MaxDegreeOfParallelism is {MaxDegreeOfParallelism}; give 0 (all processors) or a positive number of traces to run at once.");
        if (!(ZetaStep >= 0) || double.IsInfinity(ZetaStep))
            throw new LmmException("InvalidZetaStep", LmmErrorCategory.InvalidArgument,
                $"ZetaStep is {Text(ZetaStep)}; give 0 (automatic) or a positive step in zeta, e.g. 0.5.");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
