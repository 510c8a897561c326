using System.Diagnostics;

namespace LmmPS.Bench;

/// <summary>One measured step: its wall seconds and the process's CPU seconds (all threads) while it ran. On a shared
/// machine the CPU seconds move less than the wall seconds, so every verb that times a step reports both, measured the
/// same way here.</summary>
internal static class ProcessClock
{
    public static (T Result, double Wall, double Cpu) Time<T>(Func<T> step)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = step();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, wall, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }
}
