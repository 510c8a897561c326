using LmmPS.Bench;
using LmmPS.Core.Common;

// Usage: LmmPS.Bench fit --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N]
//        LmmPS.Bench gradient --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--theta a,b,c]
//        LmmPS.Bench generate --out FILE --rows N --levels L1,L2,... [--seed S]
//        LmmPS.Bench optimizers --reference DIR [--filter TEXT] [--repeat N]   (DIR holds reference/ and data/)
//        LmmPS.Bench prior-optimizers --reference DIR [--filter TEXT] [--repeat N]   (the blme cases, with their prior)
// On bad input: our error message alone on stderr (no stack trace), exit code 2.
try
{
    if (args.Length == 0)
        throw new UsageException("Usage: LmmPS.Bench fit --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N]\n" +
                                 "       LmmPS.Bench gradient --data FILE --formula F [--method ML|REML] [--categorical a,b] [--repeat N] [--theta a,b,c]\n" +
                                 "       LmmPS.Bench generate --out FILE --rows N --levels L1,L2,... [--seed S]\n" +
                                 "       LmmPS.Bench optimizers --reference DIR [--filter TEXT] [--repeat N]\n" +
                                 "       LmmPS.Bench prior-optimizers --reference DIR [--filter TEXT] [--repeat N]");
    var rest = args.Skip(1);
    return args[0] switch
    {
        "fit" => FitBenchmark.Run(new BenchArguments(rest, "data", "formula", "method", "categorical", "repeat"), Console.Out),
        "gradient" => GradientBenchmark.Run(new BenchArguments(rest, "data", "formula", "method", "categorical", "repeat", "theta"), Console.Out),
        "generate" => CrossedDataGenerator.Run(new BenchArguments(rest, "out", "rows", "levels", "seed")),
        "optimizers" => OptimizerComparison.Run(new BenchArguments(rest, "reference", "filter", "repeat"), Console.Out),
        "prior-optimizers" => PriorOptimizerComparison.Run(new BenchArguments(rest, "reference", "filter", "repeat"), Console.Out),
        _ => throw new UsageException($"Unknown verb '{args[0]}'. Verbs: fit, gradient, generate, optimizers, prior-optimizers."),
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
