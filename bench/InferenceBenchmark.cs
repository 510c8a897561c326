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
        // --reuse yes (default): Satterthwaite reads the fit's model, as Invoke-LmmFit does; no: it builds its own.
        bool reuse = (args.Optional("reuse") ?? "yes") == "yes";
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        for (int run = 0; run < repeat; run++)
        {
            var ((fit, model), fitSeconds, fitCpu) = ProcessClock.Time(() => LmmFitter.FitKeepingModel(design, new FitOptions { Method = method, Kernels = kernels }));
            var (satterthwaite, satterthwaiteSeconds, satterthwaiteCpu) =
                ProcessClock.Time(() => FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite, reuse ? model : null).Coefficients());
            double? krSeconds = null;
            IReadOnlyList<CoefficientTest>? kenwardRoger = null;
            if (kr)
            {
                var (tests, seconds, _) = ProcessClock.Time(() => FixedEffectInference.For(fit, DegreesOfFreedomMethod.KenwardRoger).Coefficients());
                kenwardRoger = tests;
                krSeconds = seconds;
            }
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["random_effects"] = design.RandomEffectCount,
                ["dense_size"] = FixedEffectInference.DenseSize(design),
                ["method"] = method.ToString(),
                ["reuse_fit_model"] = reuse && model is not null,
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
