using System.Diagnostics;
using LmmPS.Core.Data;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;

namespace LmmPS.Bench;

/// <summary>The `leverage` verb: fit once (not timed), then time Get-LmmResidual's engine work for each run: the
/// fitted values and residuals (<see cref="Residuals"/>) and the hat values from the factor (<see cref="Leverage"/>:
/// one refactorization at the fit's theta, one triangular inverse of the trailing block, then a pass over the rows).
/// One JSON-like line per run, plus the sum of the hat values (the trace of H, the model's effective degrees of freedom)
/// so two implementations can be compared on the same fit.</summary>
internal static class LeverageBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var method = BenchModels.Method(args);
        int repeat = args.Int("repeat", 3);
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        var clock = Stopwatch.StartNew();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, Kernels = BenchModels.Kernels(args) });
        double fitSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(FormattableString.Invariant($"{{\"verb\":\"leverage\",\"rows\":{design.RowCount},\"fit_seconds\":{fitSeconds:F3},\"objective\":{fit.Objective:R}}}"));
        for (int run = 0; run < repeat; run++)
        {
            clock.Restart();
            var residuals = Residuals.Compute(fit);
            double residualSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var h = Leverage.Compute(fit);
            double leverageSeconds = clock.Elapsed.TotalSeconds;
            output.WriteLine(FormattableString.Invariant(
                $"{{\"run\":{run + 1},\"residual_seconds\":{residualSeconds:F4},\"leverage_seconds\":{leverageSeconds:F3},\"trace_H\":{h.Sum():R},\"max_h\":{h.Max():R},\"max_abs_scaled\":{residuals.Scaled.Max(Math.Abs):R}}}"));
        }
        return 0;
    }
}
