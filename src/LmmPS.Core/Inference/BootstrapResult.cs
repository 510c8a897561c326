namespace LmmPS.Core.Inference;

/// <summary>The replicates of a parametric bootstrap with the original fit's statistics, and intervals from them.</summary>
public sealed class BootstrapResult
{
    internal BootstrapResult(IReadOnlyList<string> names, double[] original, IReadOnlyList<BootstrapReplicate> replicates, int seed, TimeSpan elapsed)
    {
        StatisticNames = names;
        Original = original;
        Replicates = replicates;
        Seed = seed;
        Elapsed = elapsed;
    }

    public IReadOnlyList<string> StatisticNames { get; }

    /// <summary>The statistics of the fit itself (bootMer's t0).</summary>
    public double[] Original { get; }

    public IReadOnlyList<BootstrapReplicate> Replicates { get; }

    public int Seed { get; }

    public TimeSpan Elapsed { get; }

    public int Failed => Replicates.Count(r => r.Error is not null);

    /// <summary>The successful replicates' values of statistic <paramref name="statistic"/>, sorted.</summary>
    public double[] Sorted(int statistic) =>
        Replicates.Where(r => r.Error is null).Select(r => r.Statistics[statistic]).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();

    /// <summary>R's quantile(type = 7) of sorted values: linear interpolation at (n - 1) p.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The percentile interval: the (1 - level)/2 and (1 + level)/2 quantiles (type 7).</summary>
    public (double Lower, double Upper) Percentile(int statistic, double level)
    {
        var s = Sorted(statistic);
        return (Quantile(s, (1 - level) / 2), Quantile(s, (1 + level) / 2));
    }

    /// <summary>The shortest interval holding ceil(level n) of the replicates.</summary>
    public (double Lower, double Upper) Shortest(int statistic, double level)
    {
        var s = Sorted(statistic);
        if (s.Length == 0) return (double.NaN, double.NaN);
        int m = Math.Max(1, (int)Math.Ceiling(level * s.Length));
        int best = 0;
        for (int i = 1; i + m - 1 < s.Length; i++)
            if (s[i + m - 1] - s[i] < s[best + m - 1] - s[best])
                best = i;
        return (s[best], s[best + m - 1]);
    }
}
