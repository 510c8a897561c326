using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `breakdown` verb: where the time of one objective evaluation goes. Evaluates the objective at the
/// start theta (or --theta) --evaluations times after two warm-up calls and prints the mean milliseconds per
/// section (see BlockedFactor.SectionNames) with the sizes that drive them.</summary>
internal static class EvaluationBreakdown
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        var kernels = BenchModels.Kernels(args);
        var method = BenchModels.Method(args);
        int evaluations = args.Int("evaluations", 20);
        var frame = CsvDataReader.ReadFile(args.Required("data"), BenchModels.ReadOptions(args));
        var design = BenchModels.Design(args, frame);
        var clock = Stopwatch.StartNew();
        var model = new LinearMixedModel(design, kernels);
        double setup = clock.Elapsed.TotalSeconds;
        var theta = BenchModels.Theta(args, "theta") ?? model.DefaultStartTheta.ToArray();

        model.Objective(theta, method);
        model.Objective(theta, method);
        var sections = new SectionTimer(BlockedFactor.SectionNames);
        model.Factor.Sections = sections;
        clock.Restart();
        double objective = 0;
        for (int i = 0; i < evaluations; i++)
            objective = model.Objective(theta, method);
        double perEvaluation = clock.Elapsed.TotalMilliseconds / evaluations;
        model.Factor.Sections = null;

        var a = model.Factor.CrossProduct;
        var line = new Dictionary<string, object?>
        {
            ["rows"] = design.RowCount,
            ["first_levels"] = a.FirstLevels,
            ["trailing_size"] = a.TrailingSize,
            ["sparse_entries"] = model.Factor.Sparse.Rows.Length,
            ["threads"] = kernels.MaxThreads,
            ["setup_seconds"] = setup,
            ["objective"] = objective,
            ["ms_per_evaluation"] = perEvaluation,
            ["sections_ms"] = sections.MillisecondsPerEvaluation(),
        };
        output.WriteLine(JsonSerializer.Serialize(line));
        return 0;
    }
}
