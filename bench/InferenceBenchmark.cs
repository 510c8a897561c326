using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `inference` verb: fit, then time the Satterthwaite coefficient table and (REML) the Kenward-Roger one
/// against the fit in the same process, one JSON line per run. The tests work in the dense (q + p + 1)-square space
/// of [Z X y], so their time grows like its cube while the fit's does not: this verb measures where that bites.</summary>
internal static class InferenceBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var method = BenchModels.Method(args);
        var kernels = BenchModels.Kernels(args);
        int repeat = args.Int("repeat", 1);
        bool kr = (args.Optional("kr") ?? "yes") == "yes" && method == EstimationMethod.REML;
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        for (int run = 0; run < repeat; run++)
        {
            // CPU time beside wall time: on a shared machine the process's CPU seconds move less than its wall seconds.
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var fit = LmmFitter.Fit(design, new FitOptions { Method = method, Kernels = kernels });
            double fitSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double fitCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            cpu = process.TotalProcessorTime;
            clock.Restart();
            var satterthwaite = FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite).Coefficients();
            double satterthwaiteSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double satterthwaiteCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            double? krSeconds = null;
            IReadOnlyList<CoefficientTest>? kenwardRoger = null;
            if (kr)
            {
                clock.Restart();
                kenwardRoger = FixedEffectInference.For(fit, DegreesOfFreedomMethod.KenwardRoger).Coefficients();
                krSeconds = clock.Elapsed.TotalSeconds;
            }
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["random_effects"] = design.RandomEffectCount,
                ["dense_size"] = FixedEffectInference.DenseSize(design),
                ["method"] = method.ToString(),
                ["fit_seconds"] = fitSeconds,
                ["satterthwaite_seconds"] = satterthwaiteSeconds,
                ["satterthwaite_over_fit"] = satterthwaiteSeconds / fitSeconds,
                ["fit_cpu_seconds"] = fitCpu,
                ["satterthwaite_cpu_seconds"] = satterthwaiteCpu,
                ["kenward_roger_seconds"] = krSeconds,
                ["satterthwaite_df"] = satterthwaite.ToDictionary(t => t.Name, t => t.DF),
                ["kenward_roger_df"] = kenwardRoger?.ToDictionary(t => t.Name, t => t.DF),
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(line));
        }
        return 0;
    }
}
