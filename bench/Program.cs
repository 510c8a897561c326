using LmmPS.Bench;
using LmmPS.Core.Common;

// On bad input: our error message alone on stderr (no stack trace), exit code 2.
const string usage =
    "Usage: LmmPS.Bench fit --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--threads T] [--optimizer Bobyqa|LBfgsB] [--trace yes|no] [--start t1,t2]\n" +
    "       LmmPS.Bench leverage --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--threads T]\n" +
    "       LmmPS.Bench refit --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--seed S] [--threads T]\n" +
    "       LmmPS.Bench bootstrap --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--replicates R] [--seed S] [--workers W] [--threads T]\n" +
    "       LmmPS.Bench replicate-parts --data FILE --formula F [--method ML|REML] [--categorical a,b] [--replicates R] [--threads T]\n" +
    "       LmmPS.Bench gradient --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--theta a,b,c] [--trailing K]\n" +
    "                [--path Automatic|General|DiagonalBlocks] [--threads T]\n" +
    "       LmmPS.Bench profile --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--parallel N]\n" +
    "       LmmPS.Bench optimizers --reference DIR [--filter TEXT] [--repeat N]   (DIR holds reference/ and data/)\n" +
    "       LmmPS.Bench prior-optimizers --reference DIR [--filter TEXT] [--repeat N]   (the blme cases, with their prior)\n" +
    "       LmmPS.Bench generate --out FILE --rows N --levels L1,L2,... [--seed S]\n" +
    "       LmmPS.Bench design --out FILE --rows N --factors name:levels[:rule],... [--seed S]   (rules: random, nested, near:REF:W, nearrow:REF:W)\n" +
    "       LmmPS.Bench sparse --data FILE --terms first,later,... [--repeat N] [--threads T] [--dense yes|no]\n" +
    "       LmmPS.Bench read --data FILE [--categorical a,b] [--repeat N]\n" +
    "       LmmPS.Bench build --data FILE --formula F [--categorical a,b] [--repeat N]   (the design alone, after reading)\n" +
    "       LmmPS.Bench breakdown --data FILE --formula F [--method ML|REML] [--categorical a,b] [--evaluations N] [--theta t1,t2] [--threads T]\n" +
    "       LmmPS.Bench inference --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--kr yes|no] [--reuse yes|no]\n" +
    "       LmmPS.Bench noise --data FILE --formula F [--method ML|REML] [--theta t1,t2] [--trailing K]   (second differences of the objective)\n" +
    "       LmmPS.Bench kernels [--size N] [--repeat N] [--threads T] [--block B] [--kernel cholesky|inverse|panels|all]";
try
{
    if (args.Length == 0)
        throw new UsageException(usage);
    var rest = args.Skip(1);
    return args[0] switch
    {
        "fit" => FitBenchmark.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "repeat", "optimizer", "trace", "start" }).ToArray()), Console.Out),
        "leverage" => LeverageBenchmark.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "repeat" }).ToArray()), Console.Out),
        "refit" => RefitBenchmark.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "repeat", "seed" }).ToArray()), Console.Out),
        "replicate-parts" => ReplicateBreakdown.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "replicates" }).ToArray()), Console.Out),
        "bootstrap" => BootstrapBenchmark.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "repeat", "replicates", "seed", "workers" }).ToArray()), Console.Out),
        "gradient" => GradientBenchmark.Run(new BenchArguments(rest, "data", "formula", "method", "categorical", "repeat", "theta", "path", "threads", "trailing"), Console.Out),
        "profile" => ProfileBenchmark.Run(new BenchArguments(rest, "data", "formula", "method", "categorical", "repeat", "parallel"), Console.Out),
        "optimizers" => OptimizerComparison.Run(new BenchArguments(rest, "reference", "filter", "repeat"), Console.Out),
        "prior-optimizers" => PriorOptimizerComparison.Run(new BenchArguments(rest, "reference", "filter", "repeat"), Console.Out),
        "generate" => CrossedDataGenerator.Run(new BenchArguments(rest, "out", "rows", "levels", "seed")),
        "design" => NestedDesignGenerator.Run(new BenchArguments(rest, "out", "rows", "factors", "seed")),
        "sparse" => SparseFactorBenchmark.Run(new BenchArguments(rest, "data", "terms", "repeat", "threads", "dense"), Console.Out),
        "build" => DesignBuildBenchmark.Run(new BenchArguments(rest, "data", "formula", "categorical", "repeat"), Console.Out),
        "read" => ReadBenchmark.Run(new BenchArguments(rest, "data", "categorical", "repeat"), Console.Out),
        "breakdown" => EvaluationBreakdown.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "evaluations", "theta" }).ToArray()), Console.Out),
        "inference" => InferenceBenchmark.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "repeat", "kr", "reuse" }).ToArray()), Console.Out),
        "noise" => ObjectiveNoise.Run(new BenchArguments(rest, BenchModels.ModelOptions.Concat(new[] { "theta" }).ToArray()), Console.Out),
        "kernels" => KernelBenchmark.Run(new BenchArguments(rest, "size", "repeat", "threads", "block", "kernel"), Console.Out),
        _ => throw new UsageException($"Unknown verb '{args[0]}'.\n{usage}"),
    };
}
catch (LmmException e)
{
    Console.Error.WriteLine($"{e.ErrorId}: {e.Message}");
    return 2;
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
