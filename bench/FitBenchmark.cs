using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;

namespace LmmPS.Bench;

/// <summary>The `fit` verb: load a CSV, build the design, fit, and print one JSON line per run with the timings.</summary>
internal static class FitBenchmark
{
    // Formulas contain '+' and '|': keep them readable rather than \u-escaped.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(BenchArguments args, TextWriter output)
    {
        string data = args.Required("data");
        string formulaText = args.Required("formula");
        var method = BenchModels.Method(args);
        var readOptions = BenchModels.ReadOptions(args);
        BenchModels.ApplyThreads(args);
        int repeat = args.Int("repeat", 1);

        for (int run = 0; run < repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            var frame = CsvDataReader.ReadFile(data, readOptions);
            double load = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var design = DesignBuilder.Build(FormulaParser.Parse(formulaText), frame);
            double designSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var fit = LmmFitter.Fit(design, new FitOptions { Method = method });
            double fitSeconds = clock.Elapsed.TotalSeconds;
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["formula"] = formulaText,
                ["method"] = method.ToString(),
                ["threads"] = LmmPS.Core.LinearAlgebra.KernelParallelism.MaxThreads,
                ["load_seconds"] = load,
                ["design_seconds"] = designSeconds,
                ["fit_seconds"] = fitSeconds,
                ["evaluations"] = fit.Evaluations,
                ["seconds_per_evaluation"] = fitSeconds / Math.Max(1, fit.Evaluations),
                ["objective"] = fit.Objective,
                ["theta"] = fit.Theta,
                ["sigma"] = fit.Sigma,
                ["beta"] = fit.FixedEffects.ToDictionary(f => f.Name, f => f.Estimate),
                ["converged"] = fit.Converged,
                ["singular"] = fit.IsSingular,
                ["warnings"] = fit.Warnings,
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(line, JsonOptions));
        }
        return 0;
    }
}
