namespace LmmPS;

/// <summary>The result of profiling a fit: the profile traces (<see cref="Points"/>) and the intervals read off them.
/// Both are flat row arrays, ready for Where-Object and Export-Csv.</summary>
public sealed class LmmProfile
{
    public LmmProfile(string formula, string method, double level, LmmProfileInterval[] intervals, LmmProfilePoint[] points)
    {
        Formula = formula;
        Method = method;
        Level = level;
        Intervals = intervals;
        Points = points;
    }

    public string Formula { get; }

    public string Method { get; }

    public double Level { get; }

    public LmmProfileInterval[] Intervals { get; }

    public LmmProfilePoint[] Points { get; }
}
