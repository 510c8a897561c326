using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Bench;

/// <summary>The `kernels` verb: GFLOP/s of the dense Cholesky on a random well-conditioned n x n matrix (n^3/3
/// flops), best of --repeat runs with a reused workspace, as the fitter calls it. Also the best CPU time (all threads),
/// which a busy machine inflates less than wall time.</summary>
internal static class KernelBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        KernelParallelism.MaxThreads = args.Int("threads", Environment.ProcessorCount);
        int n = args.Int("size", 1159);
        int repeat = args.Int("repeat", 10);
        DenseCholesky.BlockSize = args.Int("block", DenseCholesky.BlockSize);
        var random = new Random(7);
        var source = new double[(long)n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = j + 1; i < n; i++)
                source[(long)j * n + i] = source[(long)i * n + j] = random.NextDouble() - 0.5;
            source[(long)j * n + j] = n;
        }
        var a = new double[source.Length];
        var workspace = new CholeskyWorkspace();
        double best = double.MaxValue, bestCpu = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeat + 1; r++)
        {
            Array.Copy(source, a, a.Length);
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            if (!DenseCholesky.TryFactor(a, 0, n, n, workspace))
                throw new UsageException("The test matrix was not positive definite.");
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            if (r > 0)
            {
                best = Math.Min(best, wall);
                bestCpu = Math.Min(bestCpu, cpu);
            }
        }
        double flops = (double)n * n * n / 3.0;
        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kernel"] = "dense_cholesky",
            ["size"] = n,
            ["threads"] = KernelParallelism.MaxThreads,
            ["block"] = DenseCholesky.BlockSize,
            ["best_ms"] = best * 1000,
            ["gflops"] = flops / best / 1e9,
            // On a busy machine wall time includes waiting for a core; CPU time (all threads) does not.
            ["best_cpu_ms"] = bestCpu * 1000,
        }));
        return 0;
    }
}
