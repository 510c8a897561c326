using LmmPS.Core.Profiling;

namespace LmmPS;

/// <summary>The result of profiling a fit: the profile traces (<see cref="Points"/>) and the intervals read off them.
/// Both are flat row arrays, ready for Where-Object and Export-Csv. Profiles are of the ML deviance, as lme4's
/// profile() does (a REML fit is refitted by ML first; <see cref="Notes"/> says so).</summary>
public sealed class LmmProfile
{
    public LmmProfile(string formula, string method, double level, LmmProfileInterval[] intervals, LmmProfilePoint[] points,
        string[] notes, int evaluations, TimeSpan elapsed, string source = "")
    {
        Formula = formula;
        Method = method;
        Level = level;
        Intervals = intervals;
        Points = points;
        Notes = notes;
        Evaluations = evaluations;
        ElapsedSeconds = elapsed.TotalSeconds;
        Source = source;
    }

    internal static LmmProfile From(ProfileResult result, string formula, string source = "") => new(
        formula,
        result.FitMethod.ToString(),
        result.Level,
        result.Intervals.Select(i => new LmmProfileInterval(i.Parameter, i.Estimate, i.Lower, i.Upper, i.Level, i.Method, i.Note)
        {
            Formula = formula,
            Source = source,
        }).ToArray(),
        result.Points.Select(p => new LmmProfilePoint(p.Parameter, p.Value, p.Zeta, p.Deviance, p.Sigma) { Formula = formula, Source = source }).ToArray(),
        result.Notes.ToArray(),
        result.Evaluations,
        result.Elapsed,
        source);

    public string Formula { get; }

    /// <summary>Where the profiled fit's data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; }

    /// <summary>The method of the fit that was profiled (<c>REML</c> or <c>ML</c>).</summary>
    public string Method { get; }

    public double Level { get; }

    /// <summary>Profile intervals for every profiled parameter, then Wald intervals for the fixed effects.</summary>
    public LmmProfileInterval[] Intervals { get; }

    public LmmProfilePoint[] Points { get; }

    /// <summary>Remarks about the whole profile (e.g. the ML refit of a REML fit).</summary>
    public string[] Notes { get; }

    /// <summary>Objective evaluations the profile took.</summary>
    public int Evaluations { get; }

    /// <summary>Wall time of the profile in seconds (a number, so ConvertTo-Json and Export-Csv keep it as one value).</summary>
    public double ElapsedSeconds { get; }
}
