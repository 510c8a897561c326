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
        for (int run = 0; run < repeat; run++)
        {
            var (design, wall, cpu) = ProcessClock.Time(() => BenchModels.Design(args, frame));
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["fixed_effects"] = design.FixedEffectCount,
                ["dropped"] = design.DroppedFixedEffects.Count,
                ["build_seconds"] = wall,
                ["build_cpu_seconds"] = cpu,
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            }));
        }
        return 0;
    }
}
