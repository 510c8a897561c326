using System.Text.Json;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Bench;

/// <summary>The `kernels` verb: time of one dense kernel on a random well-conditioned n x n matrix, best of --repeat
/// runs with reused buffers, as the fitter calls it. Also the best CPU time (all threads), which a busy machine
/// inflates less than wall time. --kernel chooses: `cholesky` (n^3/3 flops), `inverse` (L^-1 of its factor, as the
/// gradient calls it, n^3/3 flops), `panels` (C -= P P' in 64-column panels of a triangular P, as the gradient
/// calls it, n^3/3 flops) or `all` (one line each).</summary>
internal static class KernelBenchmark
{
    private const int GradientPanel = 64;

    public static int Run(BenchArguments args, TextWriter output)
    {
        int n = args.Int("size", 1159);
        int repeat = args.Int("repeat", 10);
        var options = new KernelOptions
        {
            MaxThreads = args.Int("threads", Environment.ProcessorCount),
            CholeskyBlockSize = args.Int("block", KernelOptions.DefaultCholeskyBlockSize),
        };
        string kernel = args.Optional("kernel") ?? "cholesky";
        var kernels = kernel == "all" ? new[] { "cholesky", "inverse", "panels" } : new[] { kernel };
        foreach (var name in kernels)
            Time(name, n, repeat, options, output);
        return 0;
    }

    private static void Time(string kernel, int n, int repeat, KernelOptions options, TextWriter output)
    {
        var source = RandomSpd(n);
        var factor = (double[])source.Clone();
        if (!DenseCholesky.TryFactor(factor, 0, n, n))
            throw new UsageException("The test matrix was not positive definite.");
        var a = new double[source.Length];
        var u = new double[source.Length];
        var workspace = new CholeskyWorkspace();
        Action run = kernel switch
        {
            "cholesky" => () =>
            {
                Array.Copy(source, a, a.Length);
                DenseCholesky.TryFactor(a, 0, n, n, workspace, options);
            },
            "inverse" => () => TriangularInverse.InvertLower(factor, 0, n, n, u, options.MaxThreads),
            // P upper-triangular (the transposed inverse), C cleared each time: WeightedSelectedInverse's loop.
            "panels" => () =>
            {
                Array.Clear(a, 0, a.Length);
                for (int k0 = 0; k0 < n; k0 += GradientPanel)
                {
                    int kb = Math.Min(GradientPanel, n - k0);
                    SymmetricRankUpdate.Apply(a, 0, n, k0 + kb, factor, k0 * n, n, kb, options.MaxThreads);
                }
            },
            _ => throw new UsageException($"--kernel must be cholesky, inverse, panels or all, not '{kernel}'."),
        };
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int r = 0; r < repeat + 1; r++)
        {
            var (_, wall, cpu) = ProcessClock.Time(() => { run(); return 0; });
            if (r > 0)
            {
                best = Math.Min(best, wall);
                bestCpu = Math.Min(bestCpu, cpu);
            }
        }
        double flops = (double)n * n * n / 3.0;
        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kernel"] = kernel,
            ["size"] = n,
            ["threads"] = options.MaxThreads,
            ["block"] = options.CholeskyBlockSize,
            ["best_ms"] = best * 1000,
            ["gflops"] = flops / best / 1e9,
            // On a busy machine wall time includes waiting for a core; CPU time (all threads) does not.
            ["best_cpu_ms"] = bestCpu * 1000,
        }));
    }

    private static double[] RandomSpd(int n)
    {
        var random = new Random(7);
        var source = new double[(long)n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = j + 1; i < n; i++)
                source[(long)j * n + i] = source[(long)i * n + j] = random.NextDouble() - 0.5;
            source[(long)j * n + j] = n;
        }
        return source;
    }
}
