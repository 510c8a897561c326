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
        var process = Process.GetCurrentProcess();
        for (int run = 0; run < repeat; run++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var frame = CsvDataReader.ReadFile(data, options);
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["run"] = run + 1,
                ["rows"] = frame.RowCount,
                ["columns"] = frame.Columns.Count,
                ["load_seconds"] = wall,
                ["load_cpu_seconds"] = (process.TotalProcessorTime - cpu0).TotalSeconds,
                ["peak_working_set_bytes"] = process.PeakWorkingSet64,
            }));
        }
        return 0;
    }
}
