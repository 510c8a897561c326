using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>The evaluation budget, cancellation, the progress callback and reproducibility.</summary>
public class StoppingRuleTests
{
    private readonly ITestOutputHelper output;

    public StoppingRuleTests(ITestOutputHelper output) => this.output = output;

    private static double Rosenbrock(double[] x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);

    private static readonly double[] RosenbrockStart = { -1.2, 1.0 };

    [Theory]
    [InlineData(Bobyqa, 1)]
    [InlineData(Bobyqa, 3)]
    [InlineData(Bobyqa, 25)]
    [InlineData(NelderMead, 1)]
    [InlineData(NelderMead, 25)]
    public void MaxEvaluations_stops_the_run_and_returns_the_best_point_evaluated(string optimizer, int budget)
    {
        var seen = new List<(double[] X, double F)>();
        var options = new OptimizerOptions { MaxEvaluations = budget, OnEvaluation = (_, x, f) => seen.Add((x, f)) };

        var result = Run(output, optimizer, $"Rosenbrock, MaxEvaluations={budget}", Rosenbrock, RosenbrockStart,
            Unbounded(2, false), Unbounded(2, true), options);

        Assert.False(result.Converged);
        Assert.Contains("MaxEvaluations", result.Message);
        Assert.Equal(budget, result.Evaluations);
        Assert.Equal(budget, seen.Count);
        var best = seen.OrderBy(s => s.F).First();
        Assert.Equal(best.F, result.Value);
        Assert.Equal(best.X, result.X);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void OnEvaluation_sees_every_evaluation_numbered_from_one(string optimizer)
    {
        var numbers = new List<int>();
        int calls = 0;
        var options = new OptimizerOptions { OnEvaluation = (k, x, f) => numbers.Add(k) };

        var result = Create(optimizer).Minimize(x => { calls++; return Rosenbrock(x); }, RosenbrockStart,
            Unbounded(2, false), Unbounded(2, true), options);

        Assert.Equal(calls, numbers.Count);
        Assert.Equal(Enumerable.Range(1, calls), numbers);
        Assert.Equal(calls, result.Evaluations);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Cancellation_during_the_run_throws_before_the_next_evaluation(string optimizer)
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var options = new OptimizerOptions { OnEvaluation = (k, _, _) => { if (k == 10) cts.Cancel(); } };

        Assert.ThrowsAny<OperationCanceledException>(() => Create(optimizer).Minimize(
            x => { calls++; return Rosenbrock(x); }, RosenbrockStart, Unbounded(2, false), Unbounded(2, true), options, cts.Token));
        Assert.Equal(10, calls);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void A_token_cancelled_beforehand_prevents_any_evaluation(string optimizer)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int calls = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => Create(optimizer).Minimize(
            x => { calls++; return Rosenbrock(x); }, RosenbrockStart, Unbounded(2, false), Unbounded(2, true),
            new OptimizerOptions(), cts.Token));
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Runs_are_deterministic(string optimizer)
    {
        List<double[]> Trace()
        {
            var trace = new List<double[]>();
            var options = new OptimizerOptions { OnEvaluation = (_, x, _) => trace.Add(x) };
            Create(optimizer).Minimize(Rosenbrock, RosenbrockStart, new[] { -2.0, -2.0 }, new[] { 0.9, 2.0 }, options);
            return trace;
        }

        var first = Trace();
        var second = Trace();
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++) Assert.Equal(first[i], second[i]);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void The_objective_cannot_alter_the_optimizers_points(string optimizer)
    {
        // A careless objective that scribbles on its argument must not derail the search.
        double Scribbling(double[] x)
        {
            double f = Rosenbrock(x);
            x[0] = double.NaN;
            return f;
        }

        var result = Create(optimizer).Minimize(Scribbling, RosenbrockStart, Unbounded(2, false), Unbounded(2, true),
            new OptimizerOptions());

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(result.X[1], 1 - 1e-6, 1 + 1e-6);
    }
}
