using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Profiling;

namespace LmmPS.Bench;

/// <summary>The `profile` verb: load a CSV, fit, profile every parameter and print one JSON line per run with the
/// timings, the evaluations and the profile intervals.</summary>
internal static class ProfileBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string data = args.Required("data");
        string formulaText = args.Required("formula");
        var method = BenchModels.Method(args);
        int repeat = args.Int("repeat", 1);
        int degree = args.Int("parallel", 0);

        var frame = CsvDataReader.ReadFile(data, BenchModels.ReadOptions(args));
        var design = DesignBuilder.Build(FormulaParser.Parse(formulaText), frame);
        for (int run = 0; run < repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            var fit = LmmFitter.Fit(design, new FitOptions { Method = method });
            double fitSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var profile = LmmProfiler.Profile(fit, new ProfileOptions { MaxDegreeOfParallelism = degree });
            double profileSeconds = clock.Elapsed.TotalSeconds;
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["formula"] = formulaText,
                ["method"] = method.ToString(),
                ["fit_seconds"] = fitSeconds,
                ["profile_seconds"] = profileSeconds,
                ["evaluations"] = profile.Evaluations,
                ["seconds_per_evaluation_per_core"] = profileSeconds * (degree > 0 ? degree : Environment.ProcessorCount) / Math.Max(1, profile.Evaluations),
                ["points"] = profile.Points.Count,
                ["processors"] = Environment.ProcessorCount,
                // JSON has no NaN: a limit not found is null (its Note says why).
                ["intervals"] = profile.Intervals.Select(i => new { i.Parameter, i.Method, i.Estimate, Lower = OrNull(i.Lower), Upper = OrNull(i.Upper), i.Note }).ToList(),
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        }
        return 0;
    }

    private static double? OrNull(double value) => double.IsNaN(value) ? null : value;
}
