using System.Management.Automation;

namespace LmmPS;

/// <summary>A parametric bootstrap of a fit (lme4's bootMer): the replicate table, one row per replicate
/// (<see cref="Table"/>: Export-Csv it as it is), and 95% percentile and shortest intervals as profile-style rows
/// (<see cref="Intervals"/>) to set beside Get-LmmProfile's.</summary>
public sealed class LmmBootstrap
{
    internal LmmBootstrap(string formula, string method, int seed, int replicates, int failed, double elapsedSeconds, int threads,
        string[] statisticNames, PSObject[] table, LmmProfileInterval[] intervals)
    {
        Formula = formula;
        Method = method;
        Seed = seed;
        Replicates = replicates;
        Failed = failed;
        ElapsedSeconds = elapsedSeconds;
        Threads = threads;
        StatisticNames = statisticNames;
        Table = table;
        Intervals = intervals;
    }

    public string Formula { get; }

    public string Method { get; }

    /// <summary>The seed: the same seed gives the same replicates whatever the thread count.</summary>
    public int Seed { get; }

    public int Replicates { get; }

    /// <summary>Replicates whose refit failed (their row has Error set and NaN statistics).</summary>
    public int Failed { get; }

    public double ElapsedSeconds { get; }

    public int Threads { get; }

    /// <summary>Fixed effects, sigma, then sd_col|group and cor_row.col|group per term (lme4's confint names).</summary>
    public string[] StatisticNames { get; }

    /// <summary>One row per replicate: Replicate, Objective, Converged, Singular, Error, then one column per statistic.</summary>
    public PSObject[] Table { get; }

    /// <summary>Per statistic a bootstrap-percentile and a bootstrap-shortest 95% interval.</summary>
    public LmmProfileInterval[] Intervals { get; }

    public override string ToString() => $"{Formula}: {Replicates} bootstrap replicates ({Failed} failed), seed {Seed}";
}
