using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `replicate-parts` verb: where a parametric-bootstrap replicate's time goes on one thread. Fits once,
/// then --replicates times (after as many warm-up rounds): simulate a response, set it, and at the fit's theta one
/// factor update, its gradient and its average-information Hessian, then the light refit itself. Prints the mean
/// microseconds of each part and the refit's mean evaluations.</summary>
internal static class ReplicateBreakdown
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var method = BenchModels.Method(args);
        var kernels = BenchModels.Kernels(args);
        int replicates = args.Int("replicates", 2000);
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        var options = new FitOptions { Method = method, Kernels = kernels };
        var fit = LmmFitter.Fit(design, options);
        var beta = fit.FixedEffects.Select(f => f.Estimate).ToArray();
        var model = new LinearMixedModel(fit.Design, kernels);
        var simulator = new ResponseSimulator(fit.Design, fit.Theta, beta, fit.Sigma);
        var theta = fit.Theta.ToArray();
        var gradient = new double[theta.Length];
        var ticks = new long[6];
        long evaluations = 0;
        var clock = new Stopwatch();
        for (int round = 0; round < 2; round++)
        {
            Array.Clear(ticks, 0, ticks.Length);
            evaluations = 0;
            for (int i = 0; i < replicates; i++)
            {
                clock.Restart();
                var y = simulator.Simulate(new Random(i));
                ticks[0] += clock.ElapsedTicks;
                clock.Restart();
                model.SetResponse(y);
                ticks[1] += clock.ElapsedTicks;
                clock.Restart();
                model.UpdateAndRead(theta, method);
                ticks[2] += clock.ElapsedTicks;
                clock.Restart();
                model.GradientAtCurrent(theta, method, gradient);
                ticks[3] += clock.ElapsedTicks;
                clock.Restart();
                AverageInformation.Compute(model, theta, method, gradient);
                ticks[4] += clock.ElapsedTicks;
                clock.Restart();
                var refit = LmmFitter.Refit(model, options, theta, default);
                ticks[5] += clock.ElapsedTicks;
                evaluations += refit.Evaluations;
            }
        }

        string[] names = { "simulate", "set_response", "factor_update", "gradient", "average_information", "light_refit" };
        var us = new Dictionary<string, double>();
        for (int p = 0; p < names.Length; p++) us[names[p]] = ticks[p] * 1e6 / Stopwatch.Frequency / replicates;
        var line = new Dictionary<string, object?>
        {
            ["rows"] = design.RowCount,
            ["method"] = method.ToString(),
            ["replicates"] = replicates,
            ["refit_evaluations_mean"] = (double)evaluations / replicates,
            ["microseconds"] = us,
        };
        output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        return 0;
    }
}
