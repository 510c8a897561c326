using LmmPS.Core.Profiling;

namespace LmmPS;

/// <summary>The result of profiling a fit: the profile traces (<see cref="Points"/>) and the intervals read off them.
/// Both are flat row arrays, ready for Where-Object and Export-Csv. Profiles are of the ML deviance, as lme4's
/// profile() does (a REML fit is refitted by ML first; <see cref="Notes"/> says so).</summary>
public sealed class LmmProfile
{
    public LmmProfile(string formula, string method, double level, LmmProfileInterval[] intervals, LmmProfilePoint[] points,
        string[] notes, int evaluations, TimeSpan elapsed)
    {
        Formula = formula;
        Method = method;
        Level = level;
        Intervals = intervals;
        Points = points;
        Notes = notes;
        Evaluations = evaluations;
        Elapsed = elapsed;
    }

    internal static LmmProfile From(ProfileResult result, string formula) => new(
        formula,
        result.FitMethod.ToString(),
        result.Level,
        result.Intervals.Select(i => new LmmProfileInterval(i.Parameter, i.Estimate, i.Lower, i.Upper, i.Level, i.Method, i.Note)).ToArray(),
        result.Points.Select(p => new LmmProfilePoint(p.Parameter, p.Value, p.Zeta, p.Deviance, p.Sigma)).ToArray(),
        result.Notes.ToArray(),
        result.Evaluations,
        result.Elapsed);

    public string Formula { get; }

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

    public TimeSpan Elapsed { get; }
}
