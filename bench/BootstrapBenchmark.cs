using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;

namespace LmmPS.Bench;

/// <summary>The `bootstrap` verb: fit once (not timed), then per run time <see cref="ParametricBootstrap.Run"/> with
/// --replicates refits on --workers threads from --seed. One JSON line per run: wall and CPU seconds (the machine is shared: CPU time is the steadier figure), seconds per replicate, the
/// failed and singular counts, and the mean of each statistic (so two builds' runs can be compared for equality).</summary>
internal static class BootstrapBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var method = BenchModels.Method(args);
        var kernels = BenchModels.Kernels(args);
        int repeat = args.Int("repeat", 3);
        int replicates = args.Int("replicates", 2000);
        int seed = args.Int("seed", 20261201);
        int workers = args.Int("workers", Environment.ProcessorCount);
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, Kernels = kernels });
        for (int run = 0; run < repeat; run++)
        {
            var (result, seconds, cpuSeconds) = ProcessClock.Time(() => ParametricBootstrap.Run(fit, replicates, seed, workers));
            var means = new Dictionary<string, double>();
            for (int s = 0; s < result.StatisticNames.Count; s++)
                means[result.StatisticNames[s]] = result.Sorted(s).Average();
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["method"] = method.ToString(),
                ["replicates"] = replicates,
                ["workers"] = workers,
                ["seconds"] = seconds,
                ["cpu_seconds"] = cpuSeconds,
                ["seconds_per_replicate"] = seconds / replicates,
                ["failed"] = result.Failed,
                ["singular"] = result.Replicates.Count(r => r.Singular),
                ["not_converged"] = result.Replicates.Count(r => r.Error is null && !r.Converged),
                ["mean"] = means,
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        }
        return 0;
    }
}
