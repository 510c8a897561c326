using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The options the model verbs share: data, formula, method, categorical columns, threads.</summary>
internal static class BenchModels
{
    public static readonly string[] ModelOptions = { "data", "formula", "method", "categorical", "threads", "trailing" };

    public static EstimationMethod Method(BenchArguments args) => (args.Optional("method") ?? "REML").ToUpperInvariant() switch
    {
        "ML" => EstimationMethod.ML,
        "REML" => EstimationMethod.REML,
        var m => throw new UsageException($"--method must be ML or REML, not '{m}'."),
    };

    public static DataReadOptions ReadOptions(BenchArguments args) => new()
    {
        ColumnKinds = (args.Optional("categorical") ?? "")
            .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(c => c.Trim(), _ => ColumnKind.Categorical),
    };

    /// <summary>The dense kernels' options from --threads (default: every core), for the model a verb builds.</summary>
    public static KernelOptions Kernels(BenchArguments args) =>
        new()
        {
            MaxThreads = args.Int("threads", Environment.ProcessorCount),
            // --trailing automatic|dense|sparse: which kind of trailing factor (default: the symbolic analysis chooses).
            TrailingFactor = (args.Optional("trailing") ?? "automatic") switch
            {
                "automatic" => TrailingFactorKind.Automatic,
                "dense" => TrailingFactorKind.Dense,
                "sparse" => TrailingFactorKind.Sparse,
                var t => throw new UsageException($"--trailing must be automatic, dense or sparse, not '{t}'."),
            },
        };

    /// <summary>A theta given as comma-separated numbers in option --<paramref name="name"/>; null when absent.</summary>
    public static double[]? Theta(BenchArguments args, string name) => args.Optional(name)?.Split(',').Select(s =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new UsageException($"--{name} must be comma-separated numbers, not '{s}'.")).ToArray();

    public static ModelDesign Design(BenchArguments args, DataFrame frame) =>
        DesignBuilder.Build(FormulaParser.Parse(args.Required("formula")), frame);
}
