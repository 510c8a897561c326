using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.GradientProblems;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B's budget, cancellation, progress callback, failed (non-finite) steps and argument checks.</summary>
public class LBfgsBRobustnessTests(ITestOutputHelper output)
{
    private static readonly double[] RosenbrockStart = { -1.2, 1.0 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void MaxEvaluations_stops_the_run_and_returns_the_best_point_evaluated(int budget)
    {
        var seen = new List<(double[] X, double F)>();
        var options = new OptimizerOptions { MaxEvaluations = budget, OnEvaluation = (_, x, f) => seen.Add((x, f)) };

        var result = Run(output, $"Rosenbrock, MaxEvaluations={budget}", Rosenbrock, RosenbrockStart, Free(2, false), Free(2, true), options);

        Assert.False(result.Converged);
        Assert.Contains("MaxEvaluations", result.Message);
        Assert.Equal(budget, result.Evaluations);
        Assert.Equal(budget, seen.Count);
        var best = seen.OrderBy(s => s.F).First();
        Assert.Equal(best.F, result.Value);
        Assert.Equal(best.X, result.X);
        // The projected gradient reported is the one at the returned point: computed here from Rosenbrock's.
        var g = new double[2];
        Rosenbrock(result.X, g);
        Assert.Equal(Math.Max(Math.Abs(g[0]), Math.Abs(g[1])), result.ProjectedGradientNorm, 12);
    }

    [Fact]
    public void OnEvaluation_numbers_every_call_from_one()
    {
        var numbers = new List<int>();
        int calls = 0;
        var result = new LBfgsBOptimizer().Minimize((x, g) => { calls++; return Rosenbrock(x, g); }, RosenbrockStart,
            Free(2, false), Free(2, true), new OptimizerOptions { OnEvaluation = (k, _, _) => numbers.Add(k) });

        Assert.Equal(Enumerable.Range(1, calls), numbers);
        Assert.Equal(calls, result.Evaluations);
    }

    [Fact]
    public void Cancellation_during_the_run_throws_before_the_next_evaluation()
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var options = new OptimizerOptions { OnEvaluation = (k, _, _) => { if (k == 5) cts.Cancel(); } };

        Assert.ThrowsAny<OperationCanceledException>(() => new LBfgsBOptimizer().Minimize(
            (x, g) => { calls++; return Rosenbrock(x, g); }, RosenbrockStart, Free(2, false), Free(2, true), options, cts.Token));
        Assert.Equal(5, calls);
    }

    [Fact]
    public void A_token_cancelled_beforehand_prevents_any_evaluation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int calls = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => new LBfgsBOptimizer().Minimize(
            (x, g) => { calls++; return Rosenbrock(x, g); }, RosenbrockStart, Free(2, false), Free(2, true),
            new OptimizerOptions(), cts.Token));
        Assert.Equal(0, calls);
    }

    /// <summary>10 ((x - 1)^2 + (y - 1)^2) where x + y &lt;= 2.5, else a bad value (in f, or only in the gradient).
    /// From (2, 0.4) the gradient (20, -12) sends the first trial to the corner (0, 3) of the box, where x + y = 3
    /// is bad.</summary>
    [Theory]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.NegativeInfinity, false)]
    [InlineData(double.NaN, true)]
    public void Non_finite_values_are_failed_steps_that_the_line_search_backs_away_from(double bad, bool inGradientOnly)
    {
        double F(double[] p, double[] g)
        {
            double f = 10 * ((p[0] - 1) * (p[0] - 1) + (p[1] - 1) * (p[1] - 1));
            g[0] = 20 * (p[0] - 1);
            g[1] = 20 * (p[1] - 1);
            if (p[0] + p[1] <= 2.5) return f;
            if (inGradientOnly)
            {
                g[1] = bad;
                return f;
            }

            return bad;
        }

        int badTrials = 0;
        var options = new OptimizerOptions { InitialStep = 3, OnEvaluation = (_, x, _) => badTrials += x[0] + x[1] > 2.5 ? 1 : 0 };
        var result = Run(output, $"{bad} {(inGradientOnly ? "gradient" : "value")} where x + y > 2.5", F, new[] { 2.0, 0.4 },
            new[] { 0.0, 0.0 }, new[] { 3.0, 3.0 }, options);

        Assert.True(badTrials > 0, "the test should make the optimizer step into the bad region");
        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(result.X[1], 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Optimum_next_to_the_failing_region_is_found()
    {
        static double F(double[] t, double[] g)
        {
            g[0] = 2 * (t[0] - 1);
            return t[0] > 1.2 ? double.PositiveInfinity : (t[0] - 1) * (t[0] - 1);
        }

        var result = Run(output, "+inf beyond t = 1.2", F, new[] { -3.0 }, new[] { -5.0 }, new[] { 5.0 },
            new OptimizerOptions { InitialStep = 1 });

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Objective_that_is_never_finite_ends_without_convergence_at_the_start()
    {
        var result = Run(output, "never finite", (_, _) => double.NaN, new[] { 0.5, 0.5 },
            new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 });

        Assert.False(result.Converged);
        Assert.Equal(1, result.Evaluations);
        Assert.True(double.IsPositiveInfinity(result.Value));
        Assert.Equal(new[] { 0.5, 0.5 }, result.X);
        Assert.True(double.IsNaN(result.ProjectedGradientNorm));
        Assert.Contains("start point", result.Message);
    }

    [Fact]
    public void A_gradient_entry_left_unfilled_makes_the_point_unusable()
    {
        // The optimizer hands over a NaN-filled array, so forgetting g[1] cannot reuse an old gradient.
        var result = Run(output, "gradient never filled", (x, g) => { g[0] = 1; return x[0]; }, new[] { 0.5, 0.5 },
            new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 });

        Assert.False(result.Converged);
        Assert.Equal(1, result.Evaluations);
    }

    [Fact]
    public void Runs_are_deterministic()
    {
        List<double[]> Trace()
        {
            var trace = new List<double[]>();
            new LBfgsBOptimizer().Minimize(Rosenbrock, RosenbrockStart, new[] { -2.0, -2.0 }, new[] { 0.9, 2.0 },
                new OptimizerOptions { OnEvaluation = (_, x, _) => trace.Add(x) });
            return trace;
        }

        var first = Trace();
        var second = Trace();
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++) Assert.Equal(first[i], second[i]);
    }

    [Fact]
    public void Derivative_free_results_report_no_projected_gradient()
    {
        var result = new BobyqaOptimizer().Minimize(x => (x[0] - 1) * (x[0] - 1), new[] { 0.0 }, new[] { -2.0 }, new[] { 2.0 },
            new OptimizerOptions());

        Assert.True(double.IsNaN(result.ProjectedGradientNorm));
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_any_evaluation()
    {
        var optimizer = new LBfgsBOptimizer();
        var lower = new[] { 0.0 };
        var upper = new[] { 1.0 };
        Assert.Throws<ArgumentNullException>(() => optimizer.Minimize((Func<double[], double[], double>)null!, new[] { 0.5 }, lower, upper, new OptimizerOptions()));
        var e = Assert.Throws<ArgumentException>(() => optimizer.Minimize(Rosenbrock, new[] { 0.5 }, lower, upper,
            new OptimizerOptions { GradientTolerance = -1 }));
        Assert.Contains("GradientTolerance", e.Message);
        e = Assert.Throws<ArgumentException>(() => optimizer.Minimize(Rosenbrock, new[] { 1.5 }, lower, upper, new OptimizerOptions()));
        Assert.Contains("outside its bounds", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LBfgsBOptimizer { Memory = 0 }.Minimize(Rosenbrock, new[] { 0.5 }, lower, upper,
            new OptimizerOptions()));
        Assert.Contains("Memory", e.Message);
    }
}
