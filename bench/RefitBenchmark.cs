using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `refit` verb: fit once, then for each run simulate a response from that fit
/// (<see cref="ResponseSimulator"/>, seeded) and fit it twice, alternating which goes first: fresh (the design of the
/// new response, its cross-product formed from scratch, lme4's start) and refit (the first model given the new
/// response by <see cref="LinearMixedModel.SetResponse"/>, started at the first fit's theta) and light (the same refit read by <see cref="LmmFitter.Refit"/>: theta, beta,
/// sigma and the objective, no FitResult), as the parametric bootstrap does.
/// One JSON line per run: the times (wall and process CPU), their ratios, evaluations, and the relative difference of the optima.</summary>
internal static class RefitBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var method = BenchModels.Method(args);
        var kernels = BenchModels.Kernels(args);
        int repeat = args.Int("repeat", 3);
        int seed = args.Int("seed", 1);
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        var options = new FitOptions { Method = method, Kernels = kernels };

        var clock = Stopwatch.StartNew();
        var model = new LinearMixedModel(design, kernels);
        var first = LmmFitter.Fit(model, options);
        double firstSeconds = clock.Elapsed.TotalSeconds;
        for (int run = 0; run < repeat; run++)
        {
            var y = ResponseSimulator.Simulate(first, new Random(seed + run));
            FitResult? fresh = null, refit = null;
            RefitEstimate? light = null;
            double freshSeconds = 0, refitSeconds = 0, lightSeconds = 0, freshForm = 0, refitForm = 0;
            double freshCpu = 0, refitCpu = 0, lightCpu = 0;
            var process = Process.GetCurrentProcess();
            // Three turns, rotating which goes first, so that none always runs on a cold cache.
            for (int turn = 0; turn < 3; turn++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                clock.Restart();
                switch ((turn + run) % 3)
                {
                    case 0:
                        var freshModel = new LinearMixedModel(new ModelDesign(design.Formula, y, design.X, design.FixedEffectNames,
                            design.DroppedFixedEffects, design.RandomTerms, design.RowsUsed, design.RowsDropped), kernels);
                        freshForm = clock.Elapsed.TotalSeconds;
                        fresh = LmmFitter.Fit(freshModel, options);
                        freshSeconds = clock.Elapsed.TotalSeconds;
                        freshCpu = CpuSince(process, cpu);
                        break;
                    case 1:
                        model.SetResponse(y);
                        refitForm = clock.Elapsed.TotalSeconds;
                        refit = LmmFitter.Fit(model, options, first.Theta);
                        refitSeconds = clock.Elapsed.TotalSeconds;
                        refitCpu = CpuSince(process, cpu);
                        break;
                    default:
                        model.SetResponse(y);
                        light = LmmFitter.Refit(model, options, first.Theta, default);
                        lightSeconds = clock.Elapsed.TotalSeconds;
                        lightCpu = CpuSince(process, cpu);
                        break;
                }
            }
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["method"] = method.ToString(),
                ["first_fit_seconds"] = firstSeconds,
                ["fresh_seconds"] = freshSeconds,
                ["refit_seconds"] = refitSeconds,
                ["fresh_form_seconds"] = freshForm,
                ["refit_form_seconds"] = refitForm,
                ["refit_over_fresh"] = refitSeconds / freshSeconds,
                ["light_refit_seconds"] = lightSeconds,
                ["fresh_cpu_seconds"] = freshCpu,
                ["refit_cpu_seconds"] = refitCpu,
                ["light_cpu_seconds"] = lightCpu,
                ["light_over_fresh_cpu"] = lightCpu / freshCpu,
                ["light_over_fresh"] = lightSeconds / freshSeconds,
                ["fresh_evaluations"] = fresh!.Evaluations,
                ["refit_evaluations"] = refit!.Evaluations,
                ["fresh_objective"] = fresh.Objective,
                ["refit_objective"] = refit.Objective,
                ["light_evaluations"] = light!.Evaluations,
                ["objective_relative_difference"] = Math.Abs(refit.Objective - fresh.Objective) / Math.Abs(fresh.Objective),
                ["light_objective_relative_difference"] = Math.Abs(light.Objective - fresh.Objective) / Math.Abs(fresh.Objective),
                ["fresh_theta"] = fresh.Theta,
                ["refit_theta"] = refit.Theta,
                ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        }
        return 0;
    }

    /// <summary>CPU seconds of the whole process since <paramref name="start"/> (steadier than wall time on a shared
    /// machine; with --threads 1 it is the fitting thread's plus the runtime's background work).</summary>
    private static double CpuSince(Process process, TimeSpan start)
    {
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }
}
