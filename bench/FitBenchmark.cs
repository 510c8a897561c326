using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;

namespace LmmPS.Bench;

/// <summary>The `fit` verb: load a CSV, build the design, fit, and print one JSON line per run with the timings.
/// --optimizer Bobyqa|LBfgsB chooses the optimizer (default: the fitter's); --start t1,t2,.. the starting theta; --trace yes adds `trace`, the objective
/// at every evaluation in order, and `trace_theta`, where it was taken, to see what the last evaluations buy.</summary>
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
        var kernels = BenchModels.Kernels(args);
        int repeat = args.Int("repeat", 1);
        var optimizer = Optimizer(args);
        var start = BenchModels.Theta(args, "start");
        bool trace = (args.Optional("trace") ?? "no") switch
        {
            "yes" => true,
            "no" => false,
            var t => throw new UsageException($"--trace must be yes or no, not '{t}'."),
        };

        for (int run = 0; run < repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            var frame = CsvDataReader.ReadFile(data, readOptions);
            double load = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var design = DesignBuilder.Build(FormulaParser.Parse(formulaText), frame);
            double designSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var objectives = new List<double>();
            var thetas = new List<double[]>();
            var fit = LmmFitter.Fit(design, new FitOptions { Method = method, OptimizerKind = optimizer, StartTheta = start, Kernels = kernels },
                trace ? new ObjectiveTrace(objectives, thetas) : null);
            double fitSeconds = clock.Elapsed.TotalSeconds;
            var line = new Dictionary<string, object?>
            {
                ["run"] = run + 1,
                ["rows"] = design.RowCount,
                ["formula"] = formulaText,
                ["method"] = method.ToString(),
                ["threads"] = kernels.MaxThreads,
                ["trailing"] = fit.TrailingFactor.ToString(),
                ["load_seconds"] = load,
                ["design_seconds"] = designSeconds,
                ["fit_seconds"] = fitSeconds,
                ["optimizer"] = optimizer.ToString(),
                ["evaluations"] = fit.Evaluations,
                ["gradient_evaluations"] = fit.GradientEvaluations,
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
            if (trace)
            {
                line["trace"] = objectives;
                line["trace_theta"] = thetas;
            }
            output.WriteLine(JsonSerializer.Serialize(line, JsonOptions));
        }
        return 0;
    }

    private static OptimizerKind Optimizer(BenchArguments args)
    {
        var text = args.Optional("optimizer");
        if (text is null) return new FitOptions().OptimizerKind;
        return Enum.TryParse<OptimizerKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(typeof(OptimizerKind), kind)
            ? kind
            : throw new UsageException($"--optimizer must be one of {string.Join(", ", Enum.GetNames(typeof(OptimizerKind)))}, not '{text}'.");
    }

    /// <summary>Records each evaluation's objective and theta synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class ObjectiveTrace(List<double> objectives, List<double[]> thetas) : IProgress<FitProgress>
    {
        public void Report(FitProgress value)
        {
            objectives.Add(value.Objective);
            thetas.Add(value.Theta.ToArray());
        }
    }
}
