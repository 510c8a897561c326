using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Conformance;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;

namespace LmmPS.Bench;

/// <summary>The `prior-optimizers` verb: fits every blme reference case of a directory laid out like ../shared
/// (reference/blme*.json, or any *blme*.json, naming data/*.csv) with its fixed-effect prior, by BOBYQA and by
/// L-BFGS-B on the analytic gradient of F(theta), and prints one JSON line per case and optimizer: evaluations, the
/// median wall time of --repeat fits, the penalised objective beside the file's tight optimum, and the projected
/// gradient norm of F at the optimum.</summary>
internal static class PriorOptimizerComparison
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string directory = args.Required("reference");
        string filter = args.Optional("filter") ?? "";
        int repeat = args.Int("repeat", 20);
        var files = ReferenceCaseFiles.Select(directory, filter, blme: true);
        foreach (string file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            string dataFile = Path.GetFullPath(Path.Combine(directory, root.GetProperty("data_file").GetString()!));
            var frame = CsvDataReader.ReadFile(dataFile, ColumnSchema.OptionsFor(dataFile));
            string formula = root.GetProperty("formula").GetString()!;
            var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
            var design = DesignBuilder.Build(FormulaParser.Parse(formula), frame);
            var prior = BlmeChecks.ReadPrior(root);
            foreach (var kind in new[] { OptimizerKind.Bobyqa, OptimizerKind.LBfgsB })
                output.WriteLine(JsonSerializer.Serialize(Line(file, root, method, design, prior, kind, repeat), BenchJson.Options));
        }
        return 0;
    }

    private static Dictionary<string, object?> Line(string file, JsonElement root, EstimationMethod method, ModelDesign design,
        FixedEffectPrior prior, OptimizerKind kind, int repeat)
    {
        var options = new FitOptions { Method = method, OptimizerKind = kind, FixedEffectPrior = prior };
        LmmFitter.Fit(design, options); // warm-up (JIT)
        var seconds = new double[repeat];
        FitResult fit = null!;
        for (int run = 0; run < repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            fit = LmmFitter.Fit(design, options);
            seconds[run] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        double? tight = root.TryGetProperty("tight_optimum", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("objective", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetDouble() : null;
        double penalised = fit.Prior!.PenalizedObjective;
        return new Dictionary<string, object?>
        {
            ["case"] = Path.GetFileNameWithoutExtension(file),
            ["method"] = method.ToString(),
            ["scale"] = prior.Scale.ToString(),
            ["theta_count"] = fit.Theta.Count,
            ["optimizer"] = fit.OptimizerName,
            ["evaluations"] = fit.Evaluations,
            ["median_seconds"] = seconds[repeat / 2],
            ["penalised_objective"] = penalised,
            ["tight_objective"] = tight,
            ["relative_difference_to_tight"] = tight is { } r ? (penalised - r) / Math.Abs(r) : null,
            ["converged"] = fit.Converged,
            ["projected_gradient_norm"] = double.IsNaN(fit.ProjectedGradientNorm) ? null : fit.ProjectedGradientNorm,
            ["max_sigma_iterations"] = fit.Prior.MaxSigmaIterations,
            ["blme_feval"] = root.TryGetProperty("feval", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : null,
        };
    }
}
