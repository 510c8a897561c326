using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `gradient` verb: the cost of the analytic gradient against one objective evaluation at the same theta
/// (default lme4's start; --theta a,b,c to choose). Prints one JSON line: mean seconds per objective evaluation, per
/// gradient (LinearMixedModel.Gradient, which refactors for theta, so the objective's own work is included) and
/// their ratio; --path General|DiagonalBlocks|Automatic chooses the gradient's computation (default Automatic), and
/// the diagonal-block path's sections are timed. Also the optimizer's Hessian approximation at theta
/// (AverageInformation, from the factor as it stands; `average_information_seconds`).</summary>
internal static class GradientBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string data = args.Required("data");
        string formulaText = args.Required("formula");
        var method = BenchModels.Method(args);
        var kernels = BenchModels.Kernels(args);
        int repeat = args.Int("repeat", 5);
        var frame = CsvDataReader.ReadFile(data, BenchModels.ReadOptions(args));
        var design = DesignBuilder.Build(FormulaParser.Parse(formulaText), frame);
        var model = new LinearMixedModel(design, kernels);
        var theta = BenchModels.Theta(args, "theta") ?? model.DefaultStartTheta.ToArray();
        string pathText = args.Optional("path") ?? nameof(GradientPath.Automatic);
        model.GradientPath = Enum.TryParse<GradientPath>(pathText, ignoreCase: true, out var path) && Enum.IsDefined(typeof(GradientPath), path)
            ? path
            : throw new UsageException($"--path must be one of {string.Join(", ", Enum.GetNames(typeof(GradientPath)))}, not '{pathText}'.");

        // Warm-up: JIT, and the gradient's workspace is allocated on first use.
        double objective = model.Objective(theta, method);
        var gradient = model.Gradient(theta, method);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeat; i++)
            objective = model.Objective(theta, method);
        double objectiveSeconds = clock.Elapsed.TotalSeconds / repeat;
        bool sparse = model.Factor.Kind == TrailingFactorKind.Sparse;
        // The diagonal-block path's sections: the model's level blocks carry the timer (the general path has none).
        var sections = new SectionTimer(InverseLevelBlocks.SectionNames);
        if (!sparse) model.LevelBlocks.Sections = sections;
        clock.Restart();
        for (int i = 0; i < repeat; i++)
            gradient = model.Gradient(theta, method);
        double gradientSeconds = clock.Elapsed.TotalSeconds / repeat;
        if (!sparse) model.LevelBlocks.Sections = null;

        // The sparse kind: its selected inverse alone (the rest of its gradient is the per-level assembly).
        double? selectedInverseSeconds = null;
        if (sparse)
        {
            var cholesky = model.Factor.SparseTrailing!.Cholesky;
            var weights = Enumerable.Repeat(1.0, cholesky.Symbolic.Order).ToArray();
            clock.Restart();
            for (int i = 0; i < repeat; i++)
                SelectedInverse.Compute(cholesky, weights);
            selectedInverseSeconds = clock.Elapsed.TotalSeconds / repeat;
        }

        // The factor holds theta after the last gradient (the average-information Hessian is dense-only).
        var approximation = sparse ? new double[theta.Length, theta.Length] : AverageInformation.Compute(model, theta, method, gradient);
        clock.Restart();
        for (int i = 0; i < repeat && !sparse; i++)
            approximation = AverageInformation.Compute(model, theta, method, gradient);
        double approximationSeconds = clock.Elapsed.TotalSeconds / repeat;

        var line = new Dictionary<string, object?>
        {
            ["rows"] = design.RowCount,
            ["formula"] = formulaText,
            ["method"] = method.ToString(),
            ["theta_count"] = theta.Length,
            ["repeat"] = repeat,
            ["objective"] = objective,
            ["gradient"] = gradient,
            ["objective_seconds"] = objectiveSeconds,
            ["gradient_seconds"] = gradientSeconds,
            ["ratio"] = gradientSeconds / objectiveSeconds,
            ["path"] = sparse ? "Sparse" : model.LastGradientPath.ToString(),
            ["trailing"] = model.Factor.Kind.ToString(),
            ["selected_inverse_seconds"] = selectedInverseSeconds,
            ["diagonal_sections_ms"] = sections.Evaluations > 0 ? sections.MillisecondsPerEvaluation() : null,
            ["average_information_seconds"] = approximationSeconds,
            ["average_information"] = Enumerable.Range(0, theta.Length).Select(i => Enumerable.Range(0, theta.Length).Select(j => approximation[i, j]).ToArray()).ToArray(),
        };
        output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        return 0;
    }
}
