using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Conformance;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `optimizers` verb: fits every reference case of a directory laid out like ../shared
/// (reference/*.json naming data/*.csv with data/*.columns.json) with each optimizer and prints one JSON line per
/// case and optimizer with its evaluations, seconds and objective beside the reference's lme4 feval and objective.
/// blme cases are left out: their objective includes a prior. The rows of the README's optimizer table.</summary>
internal static class OptimizerComparison
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string directory = args.Required("reference");
        string filter = args.Optional("filter") ?? "";
        int repeat = args.Int("repeat", 1);
        var files = ReferenceCaseFiles.Select(directory, filter, blme: false);

        var frames = new Dictionary<string, DataFrame>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            string dataFile = Path.GetFullPath(Path.Combine(directory, root.GetProperty("data_file").GetString()!));
            if (!frames.TryGetValue(dataFile, out var frame))
                frames[dataFile] = frame = CsvDataReader.ReadFile(dataFile, ColumnSchema.OptionsFor(dataFile));
            string formula = root.GetProperty("formula").GetString()!;
            var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
            var design = DesignBuilder.Build(FormulaParser.Parse(formula), frame);
            foreach (var kind in new[] { OptimizerKind.Bobyqa, OptimizerKind.LBfgsB })
                for (int run = 0; run < repeat; run++)
                    output.WriteLine(JsonSerializer.Serialize(Line(file, root, formula, method, design, kind, run), BenchJson.Options));
        }
        return 0;
    }

    private static Dictionary<string, object?> Line(string file, JsonElement root, string formula, EstimationMethod method,
        ModelDesign design, OptimizerKind kind, int run)
    {
        var clock = Stopwatch.StartNew();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, OptimizerKind = kind });
        double seconds = clock.Elapsed.TotalSeconds;
        double? referenceObjective = root.TryGetProperty("objective", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetDouble() : null;
        return new Dictionary<string, object?>
        {
            ["case"] = Path.GetFileNameWithoutExtension(file),
            ["run"] = run + 1,
            ["formula"] = formula,
            ["method"] = method.ToString(),
            ["theta_count"] = fit.Theta.Count,
            ["optimizer"] = fit.OptimizerName,
            ["evaluations"] = fit.Evaluations,
            ["seconds"] = seconds,
            ["objective"] = fit.Objective,
            ["converged"] = fit.Converged,
            // JSON has no NaN: null for a derivative-free optimizer.
            ["projected_gradient_norm"] = double.IsNaN(fit.ProjectedGradientNorm) ? null : fit.ProjectedGradientNorm,
            ["reference_feval"] = root.TryGetProperty("feval", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : null,
            ["reference_objective"] = referenceObjective,
            ["relative_objective_difference"] = referenceObjective is { } r ? (fit.Objective - r) / Math.Abs(r) : null,
            ["theta"] = fit.Theta,
        };
    }
}
