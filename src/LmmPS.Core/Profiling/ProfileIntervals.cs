using System.Globalization;

namespace LmmPS.Core.Profiling;

/// <summary>Reads a confidence interval off a parameter's profile: a monotone cubic through (value, zeta) inverted at
/// -z and +z. A side that never reaches |zeta| = z gives the parameter's bound when the walk reached the bound
/// (lme4's confint does the same: an SD of 0, a correlation of +-1), and NaN otherwise; a side whose zeta
/// decreases by more than noise gives NaN. Every such limit carries a note.</summary>
internal static class ProfileIntervals
{
    /// <summary>A fall in zeta smaller than this between neighbouring points is optimiser noise, not non-monotonicity.</summary>
    public const double MonotoneTolerance = 1e-3;

    public static ProfileInterval Read(ProfileParameter parameter, double estimate, IReadOnlyList<TracePoint> sorted,
        Trace? below, Trace? above, double z, double level)
    {
        var notes = new List<string>();
        double lower = Limit(parameter, sorted.Where(p => p.Value <= estimate).ToList(), below, -1, z, notes);
        double upper = Limit(parameter, sorted.Where(p => p.Value >= estimate).ToList(), above, +1, z, notes);
        foreach (var trace in new[] { below, above })
            if (trace is { DevianceBelowMinimum: > 1e-4 })
                notes.Add($"a profile point's deviance is {Format(trace.DevianceBelowMinimum)} below the fit's: the fit may not be at the optimum");
        return new ProfileInterval(parameter.Name, estimate, lower, upper, level, "profile", string.Join("; ", notes));
    }

    private static double Limit(ProfileParameter parameter, List<TracePoint> side, Trace? trace, int direction, double z,
        List<string> notes)
    {
        string which = direction < 0 ? "lower" : "upper";
        double bound = direction < 0 ? parameter.Lower : parameter.Upper;
        var (xs, zs) = ProfileWalker.Monotone(side);
        if (xs is null)
        {
            if (side.Count < 2)
            {
                if (trace is { HitBound: true })
                {
                    notes.Add($"the estimate is at the bound {Format(bound)}: the {which} limit is the bound");
                    return bound;
                }
                notes.Add($"no profile points {(direction < 0 ? "below" : "above")} the estimate: {which} limit unknown");
                return double.NaN;
            }
            notes.Add($"the profile is not monotone {(direction < 0 ? "below" : "above")} the estimate: {which} limit unknown");
            return double.NaN;
        }
        double target = direction * z;
        bool reached = direction < 0 ? zs![0] <= target : zs![zs.Length - 1] >= target;
        if (reached)
            return new MonotoneCubic(xs, zs).Inverse(target);
        double extreme = direction < 0 ? zs[0] : zs[zs.Length - 1];
        if (trace is { HitBound: true })
        {
            notes.Add($"the profile reaches the bound {Format(bound)} with zeta = {Format(extreme)}: the {which} limit is the bound");
            return bound;
        }
        notes.Add($"{trace?.StoppedEarly ?? "the profile stopped"} before |zeta| reached {Format(z)}: {which} limit unknown");
        return double.NaN;
    }

    private static string Format(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
