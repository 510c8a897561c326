using LmmPS.Conversion;
using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Inference;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using LmmPS.Tests.LinearAlgebra;
using static LmmPS.Tests.Hardening.Pipeline;

namespace LmmPS.Tests.Hardening;

/// <summary>Issue 17 item 8: a cancelled call stops inside a long evaluation (between blocks of the kernels, levels of
/// the gradient, rows of the average information), not only between evaluations, and no engine worker outlives the
/// call. Counts, not clocks: each test cancels at a known step and checks how many steps ran.</summary>
public class CancellationInsideEvaluationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_cancelled_kernel_loop_starts_no_more_items_and_returns_only_when_every_worker_has(int threads)
    {
        using var source = new CancellationTokenSource();
        int started = 0, running = 0, runningAtReturn = -1;
        const int count = 10_000;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            try
            {
                KernelParallelism.For(count, threads, i =>
                {
                    Interlocked.Increment(ref running);
                    if (Interlocked.Increment(ref started) == 3) source.Cancel();
                    Thread.SpinWait(2000);
                    Interlocked.Decrement(ref running);
                }, source.Token);
            }
            finally
            {
                runningAtReturn = Volatile.Read(ref running);
            }
        });
        Assert.Equal(0, runningAtReturn);
        // Item 3 cancels; each other worker may have claimed one more item before it read the token.
        Assert.InRange(started, 3, 2 + threads);
    }

    [Fact]
    public void A_failing_item_stops_the_other_workers_and_comes_back_as_itself()
    {
        int started = 0, running = 0, runningAtReturn = -1;
        const int count = 10_000;
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            try
            {
                KernelParallelism.For(count, 2, i =>
                {
                    Interlocked.Increment(ref running);
                    try
                    {
                        if (Interlocked.Increment(ref started) == 5) throw new InvalidOperationException("item failed");
                        Thread.SpinWait(2000);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                });
            }
            finally
            {
                runningAtReturn = Volatile.Read(ref running);
            }
        });
        Assert.Equal("item failed", ex.Message);
        Assert.Equal(0, runningAtReturn);
        Assert.InRange(started, 5, 6);
    }

    [Fact]
    public void A_dense_Cholesky_cancelled_after_its_second_block_step_stops_there_and_its_workspace_still_factors()
    {
        const int n = 700; // ceil(700 / 96) = 8 block steps
        var a = NaiveMatrices.RandomSpd(n, n, 0, seed: 17);
        var original = (double[])a.Clone();
        using var source = new CancellationTokenSource();
        var workspace = new CholeskyWorkspace();
        int steps = 0;
        workspace.BlockStepHook = () =>
        {
            if (++steps == 2) source.Cancel();
        };
        Assert.ThrowsAny<OperationCanceledException>(() => DenseCholesky.TryFactor(a, 0, n, n, workspace, null, source.Token));
        // The cancellation came inside step 2 (its panel and update stop between strips); step 3 never started.
        Assert.Equal(2, steps);

        // The same workspace factors the matrix afterwards: the textbook Cholesky's numbers.
        workspace.BlockStepHook = null;
        var expected = NaiveMatrices.Cholesky(original, 0, n, n);
        Assert.True(DenseCholesky.TryFactor(original, 0, n, n, workspace));
        for (int j = 0; j < n; j += 37)
            for (int i = j; i < n; i += 29)
                Assert.True(Math.Abs(original[j * n + i] - expected[j * n + i]) <= 1e-12 * (1 + Math.Abs(expected[j * n + i])));
    }

    /// <summary>Two large crossed factors: the second one's 400 levels form a dense trailing block of 403 rows, five
    /// block steps of the Cholesky per evaluation.</summary>
    private static LmmPS.Core.Design.ModelDesign LargeTrailingDesign()
    {
        var random = new Random(11);
        var rows = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            int g1 = random.Next(500), g2 = random.Next(400);
            double x = random.NextDouble();
            rows.Add(FormattableString.Invariant($"{1.0 + 0.5 * x + 0.3 * ((g1 % 7) - 3) + 0.2 * ((g2 % 5) - 2) + random.NextDouble():R},{x:R},a{g1},b{g2}"));
        }
        return BuildDesign("y ~ x + (1 | g1) + (1 | g2)", Csv("y,x,g1,g2", rows.ToArray()));
    }

    [Fact]
    public void A_fit_cancelled_inside_its_first_evaluation_stops_before_that_evaluation_finishes()
    {
        var model = new LinearMixedModel(LargeTrailingDesign(), new KernelOptions { TrailingFactor = TrailingFactorKind.Dense });
        int stepsPerEvaluation = (model.Factor.TrailingSize + KernelOptions.DefaultCholeskyBlockSize - 1) / KernelOptions.DefaultCholeskyBlockSize;
        Assert.True(stepsPerEvaluation >= 4, $"the trailing block has {model.Factor.TrailingSize} rows");
        using var source = new CancellationTokenSource();
        int steps = 0, reports = 0;
        model.Factor.Workspace.BlockStepHook = () =>
        {
            if (++steps == 2) source.Cancel();
        };
        var progress = new CountingProgress(() => reports++);
        Assert.ThrowsAny<OperationCanceledException>(() => LmmFitter.Fit(model, null, null, progress, source.Token));
        Assert.Equal(2, steps);
        Assert.Equal(0, reports); // the first evaluation never finished
        // The fit's token is not left on the model: a later fit of it runs to the end.
        model.Factor.Workspace.BlockStepHook = null;
        var fit = LmmFitter.Fit(model);
        Assert.True(fit.Converged);
    }

    private sealed class CountingProgress(Action onReport) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) => onReport();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_gradient_and_the_average_information_stop_on_the_models_token(bool diagonalBlocks)
    {
        var path = diagonalBlocks ? GradientPath.DiagonalBlocks : GradientPath.General;
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy()) { GradientPath = path };
        var theta = new[] { 0.9, 0.02, 0.2 };
        Assert.False(double.IsInfinity(model.UpdateAndRead(theta, EstimationMethod.REML)));
        var gradient = new double[3];
        using (model.CancelWith(new CancellationToken(canceled: true)))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => model.GradientAtCurrent(theta, EstimationMethod.REML, gradient));
            Assert.ThrowsAny<OperationCanceledException>(() => AverageInformation.Compute(model, theta, EstimationMethod.REML, gradient));
        }
        // Outside the scope the same calls run: the gradient matches central differences of the objective.
        model.GradientAtCurrent(theta, EstimationMethod.REML, gradient);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (model.Objective(up, EstimationMethod.REML) - model.Objective(down, EstimationMethod.REML)) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[i]) <= 1e-4 * (1 + Math.Abs(fd)), $"d/dtheta[{i}]: {gradient[i]} against {fd}");
        }
    }

    [Fact]
    public void The_sparse_factor_and_its_gradient_stop_on_the_models_token()
    {
        var design = SparseTrailingFactorTests.Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 3);
        var model = new LinearMixedModel(design, new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse });
        var theta = new[] { 0.6, 1.1, 0.8 };
        using (model.CancelWith(new CancellationToken(canceled: true)))
            Assert.ThrowsAny<OperationCanceledException>(() => model.UpdateAndRead(theta, EstimationMethod.ML));
        Assert.False(double.IsInfinity(model.UpdateAndRead(theta, EstimationMethod.ML)));
        var gradient = new double[3];
        using (model.CancelWith(new CancellationToken(canceled: true)))
            Assert.ThrowsAny<OperationCanceledException>(() => model.GradientAtCurrent(theta, EstimationMethod.ML, gradient));
    }

    [Fact]
    public void A_bootstrap_cancelled_from_its_progress_stops_its_workers_before_it_returns()
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = EstimationMethod.ML });
        using var source = new CancellationTokenSource();
        int reports = 0;
        var progress = new IntProgress(done =>
        {
            Interlocked.Increment(ref reports);
            source.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => ParametricBootstrap.Run(fit, 200, 1, 2, progress, source.Token));
        int atReturn = Volatile.Read(ref reports);
        // Each of the two workers finishes at most the replicate it was in.
        Assert.InRange(atReturn, 1, 3);
    }

    private sealed class IntProgress(Action<int> onReport) : IProgress<int>
    {
        public void Report(int value) => onReport(value);
    }

    [Fact]
    public void A_stopped_command_returns_only_after_its_engine_has_stopped()
    {
        // What Ctrl+C does: StopProcessing cancels the token while the pump waits for progress. The engine notices at
        // its next check, then needs a moment to unwind (here: 200 ms of work after the check). The command must come
        // back after that, with the engine finished, not leave it running behind the prompt.
        using var stop = new CancellationTokenSource();
        int engineDone = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => EngineRunner.Run<int, int>((progress, token) =>
        {
            try
            {
                for (int i = 0; !token.IsCancellationRequested; i++)
                {
                    progress.Report(i);
                    Thread.Sleep(1);
                }
                Thread.Sleep(200);
                token.ThrowIfCancellationRequested();
                return 0;
            }
            finally
            {
                Volatile.Write(ref engineDone, 1);
            }
        }, value =>
        {
            if (value == 3) stop.Cancel();
        }, stop.Token));
        Assert.Equal(1, Volatile.Read(ref engineDone));
    }
}
