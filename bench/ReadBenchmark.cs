using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;

namespace LmmPS.Bench;

/// <summary>The `read` verb: CSV ingestion alone, wall and CPU seconds per run, one JSON line each.</summary>
internal static class ReadBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string data = args.Required("data");
        var options = BenchModels.ReadOptions(args);
        int repeat = args.Int("repeat", 1);
        for (int run = 0; run < repeat; run++)
        {
            var (frame, wall, cpu) = ProcessClock.Time(() => CsvDataReader.ReadFile(data, options));
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["run"] = run + 1,
                ["rows"] = frame.RowCount,
                ["columns"] = frame.Columns.Count,
                ["load_seconds"] = wall,
                ["load_cpu_seconds"] = cpu,
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            }));
        }
        return 0;
    }
}
