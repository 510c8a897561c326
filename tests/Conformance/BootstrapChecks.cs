using System.Text.Json;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;

namespace LmmPS.Conformance;

/// <summary>
/// The parametric bootstrap against an inf_ file's bootMer summary (INFERENCE_FORMAT.md, "bootstrap"): the same number
/// of replicates from our own random numbers, so each mean, sd and quantile (type 7) must lie within
/// 4 sqrt(2) Monte-Carlo standard errors of the file's (the file's mc_se for both samples). Where an SD has a point mass
/// at 0 the file's quantile and its mc_se are both 0; there the share of zeros is compared instead (binomial se).
/// The line also gives our wall time against bootMer's recorded one.
/// </summary>
public static class BootstrapChecks
{
    private const double StandardErrors = 4.0;

    public static CheckResult Check(string file, JsonElement bootstrap, FitResult fit)
    {
        int nsim = bootstrap.GetProperty("nsim").GetInt32();
        int seed = bootstrap.GetProperty("seed").GetInt32();
        var result = ParametricBootstrap.Run(fit, nsim, seed, Environment.ProcessorCount);
        var comparer = new ElementComparer();
        var names = result.StatisticNames;
        double factor = StandardErrors * Math.Sqrt(2.0);
        foreach (var row in bootstrap.GetProperty("summary").EnumerateArray())
        {
            string name = row.GetProperty("name").GetString()!;
            int index = Array.IndexOf(names.ToArray(), name);
            if (index < 0)
            {
                comparer.Missing(name);
                continue;
            }
            var sorted = result.Sorted(index);
            double mean = sorted.Average();
            double sd = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / (sorted.Length - 1));
            comparer.Add($"{name}.mean", mean, JsonRead.Number(row, "mean"), factor * JsonRead.Number(row, "mc_se_mean")!.Value);
            comparer.Add($"{name}.sd", sd, JsonRead.Number(row, "sd"), factor * JsonRead.Number(row, "mc_se_sd")!.Value);
            foreach (var (key, p) in new[] { ("q025", 0.025), ("q05", 0.05), ("q50", 0.5), ("q95", 0.95), ("q975", 0.975) })
            {
                double se = JsonRead.Number(row, "mc_se_" + key)!.Value;
                if (se == 0.0)
                    continue;   // a point mass (an SD at 0, a correlation at +-1): the shares below say it
                comparer.Add($"{name}.{key}", BootstrapResult.Quantile(sorted, p), JsonRead.Number(row, key), factor * se);
            }
            if (JsonRead.Number(row, "prop_zero") is double zero)
            {
                double ours = sorted.Count(v => v == 0.0) / (double)sorted.Length;
                double pooled = Math.Max((zero + ours) / 2, 1.0 / nsim);
                comparer.Add($"{name}.prop_zero", ours, zero, factor * Math.Sqrt(pooled * (1 - pooled) / nsim));
            }
        }
        double bootMer = bootstrap.GetProperty("bootstrap_seconds").GetDouble();
        return comparer.ToResult(file, "inference/bootstrap",
            $"{nsim} replicates in {result.Elapsed.TotalSeconds:F2} s on {Environment.ProcessorCount} threads (bootMer {bootMer:F1} s: {bootMer / result.Elapsed.TotalSeconds:F0}x), " +
            $"{result.Failed} failed; tol {StandardErrors} sqrt(2) mc_se");
    }
}
