namespace LmmPS.Core.Profiling;

/// <summary>One evaluated profile point with the optimiser's free vector (to warm-start the next).</summary>
internal sealed record TracePoint(double Value, double Zeta, double Deviance, double[] Free, ProfileState State);

/// <summary>One side of one parameter's profile: the points walked away from the estimate and how the walk ended.</summary>
internal sealed class Trace
{
    public Trace(ProfileParameter parameter, int direction)
    {
        Parameter = parameter;
        Direction = direction;
    }

    public ProfileParameter Parameter { get; }

    /// <summary>+1 above the estimate, -1 below.</summary>
    public int Direction { get; }

    public List<TracePoint> Points { get; } = new();

    /// <summary>The walk evaluated the parameter's bound (an SD of 0, a correlation of +-1) or started on it.</summary>
    public bool HitBound { get; set; }

    /// <summary>|zeta| passed the threshold.</summary>
    public bool ReachedThreshold { get; set; }

    /// <summary>Why the walk stopped early, if it did (not at the threshold or a bound).</summary>
    public string? StoppedEarly { get; set; }

    /// <summary>The largest amount by which a profile point's deviance fell below the minimum (0 when none did).</summary>
    public double DevianceBelowMinimum { get; set; }
}
