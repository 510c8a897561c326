using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;

namespace LmmPS.Bench;

/// <summary>The `build` verb: building the design alone (model frame, coding, the rank check of X and y, the
/// random-effects terms), after the data are read; wall and CPU seconds per run, one JSON line each. Issue 17 item 7:
/// a 5,000-level fixed factor on 25,000 rows should build in well under 5 s.</summary>
internal static class DesignBuildBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        int repeat = args.Int("repeat", 1);
        var process = Process.GetCurrentProcess();
        for (int run = 0; run < repeat; run++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var design = BenchModels.Design(args, frame);
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["fixed_effects"] = design.FixedEffectCount,
                ["dropped"] = design.DroppedFixedEffects.Count,
                ["build_seconds"] = wall,
                ["build_cpu_seconds"] = (process.TotalProcessorTime - cpu0).TotalSeconds,
                ["peak_working_set_bytes"] = process.PeakWorkingSet64,
            }));
        }
        return 0;
    }
}
