using LmmPS.Core.Optimizers;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B asks for a gradient only where it uses one, and that changes nothing else: the runs are the
/// ones the eager objective-and-gradient implementation made.</summary>
public class LazyGradientTests(ITestOutputHelper output)
{
    /// <summary><see cref="RunFingerprint.All"/> printed by the eager implementation (every evaluation computed
    /// the gradient) at commit d54a816, before this change: evaluations, x, f, projected gradient norm, converged,
    /// and the hash of every point and value evaluated in order.</summary>
    private static readonly string[] EagerFingerprints =
    {
        "Rosenbrock free|52|1.0000000011606067,1.00000000225433|1.7943467180305656E-18|2.9074568530518263E-08|True|587498EE957BEFE2",
        "Rosenbrock x <= 0.5|28|0.5,0.25|0.25|0|True|C882A94CF1BD579C",
        "coupled quadratic from (1, 0)|7|0,2|1|0|True|F3E511C8E1522061",
        "coupled quadratic from (5, 10)|9|0,2|1|0|True|ED01AD96E0FAEDB3",
        "even in x from the bound|15|0.9999999999877599,1|5.992799789829522E-22|9.792067157121664E-11|True|CBF85F15458ACB23",
        "+inf beyond x + y = 2.5|5|1,1|0|0|True|296F62604A6C5103",
        "Rosenbrock, budget 10|10|-0.6816284778620707,0.42851391090134394|2.958220398884846|13.206918530277996|False|79E37896A3D113D1",
    };

    [Fact]
    public void The_function_overload_repeats_the_eager_runs_exactly()
    {
        var lines = RunFingerprint.All(c => new LBfgsBOptimizer().Minimize(c.F, c.Start, c.Lower, c.Upper, c.Options));
        foreach (var line in lines) output.WriteLine(line);
        Assert.Equal(EagerFingerprints, lines);
    }

    [Fact]
    public void A_lazy_objective_repeats_the_eager_runs_exactly_with_fewer_gradients()
    {
        var gradients = new List<(string Case, int Evaluations, int Gradients)>();
        var lines = RunFingerprint.All(c =>
        {
            var lazy = new CountingLazyObjective(c.F);
            var result = new LBfgsBOptimizer().Minimize(lazy, c.Start, c.Lower, c.Upper, c.Options);
            Assert.Equal(lazy.Values, result.Evaluations);
            Assert.Equal(lazy.Gradients, result.GradientEvaluations);
            gradients.Add((c.Name, result.Evaluations, result.GradientEvaluations));
            return result;
        });
        foreach (var (name, evaluations, count) in gradients) output.WriteLine($"{name}: {evaluations} values, {count} gradients");
        Assert.Equal(EagerFingerprints, lines);
        // Every case that runs to its end rejects some point on its value (a line-search trial or a probe inside a
        // bound); the budget case stops after 10 values, before any.
        Assert.All(gradients.Where(g => !g.Case.Contains("budget")),
            g => Assert.True(g.Gradients < g.Evaluations, $"{g.Case}: {g.Gradients} gradients for {g.Evaluations} values"));
    }

    /// <summary>(x - 1)^2 from x = -3 with InitialStep 8. Written out: g(-3) = -8, so the first direction is d = 8
    /// and the first trial alpha = min(1, 8 / |d|) = 1 lands on x = 5, where f = 16 is not below f(-3) = 16: the
    /// Armijo test rejects it. The quadratic through f(0) = 16, f'(0) = g d = -64 and f(1) = 16 has its minimum at
    /// alpha = 64 / (2 * 64) = 0.5, i.e. x = 1, where f = 0 and g = 0: accepted, and the gradient 0 ends the run.
    /// Three values (-3, 5, 1), two gradients (-3, 1), none at the rejected x = 5.</summary>
    [Fact]
    public void An_overshooting_first_trial_is_rejected_without_a_gradient()
    {
        var lazy = new CountingLazyObjective((x, g) =>
        {
            g[0] = 2 * (x[0] - 1);
            return (x[0] - 1) * (x[0] - 1);
        });
        var result = new LBfgsBOptimizer().Minimize(lazy, new[] { -3.0 }, new[] { double.NegativeInfinity }, new[] { double.PositiveInfinity },
            new OptimizerOptions { InitialStep = 8 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(new[] { -3.0, 5.0, 1.0 }, lazy.ValuePoints.Select(p => p[0]));
        Assert.Equal(new[] { -3.0, 1.0 }, lazy.GradientPoints.Select(p => p[0]));
        Assert.Equal(3, result.Evaluations);
        Assert.Equal(2, result.GradientEvaluations);
        Assert.Equal(new[] { 1.0 }, result.X);
        Assert.Equal(new[] { 0.0 }, result.Gradient);
        // Each gradient came right after the value at the same point (the cheap case for the LMM objective).
        Assert.Equal(0, lazy.GradientsAwayFromLastValue);
    }

    /// <summary>The coupled quadratic (x + 1)^2 + 2 (y - 2)^2 + x y from its constrained optimum (0, 2), x &gt;= 0:
    /// the run stops at once (gradient (4, 0) with x held by its bound) and probes x = 0.001 inside the bound, where
    /// f = 1.001^2 + 0.002 = 1.004001 &gt; 1: a probe not kept needs no gradient, so one gradient for two values.</summary>
    [Fact]
    public void A_probe_inside_a_bound_that_is_not_kept_gets_no_gradient()
    {
        var lazy = new CountingLazyObjective(GradientProblems.CoupledQuadratic);
        var result = new LBfgsBOptimizer().Minimize(lazy, new[] { 0.0, 2.0 }, new[] { 0.0, double.NegativeInfinity },
            new[] { double.PositiveInfinity, double.PositiveInfinity }, new OptimizerOptions());

        Assert.True(result.Converged, result.Message);
        Assert.Equal(2, result.Evaluations);
        Assert.Equal(new[] { 0.001, 2.0 }, lazy.ValuePoints[1]);
        Assert.Equal(1, result.GradientEvaluations);
        Assert.Equal(new[] { 0.0, 2.0 }, lazy.GradientPoints.Single());
        Assert.Equal(new[] { 4.0, 0.0 }, result.Gradient);
        Assert.Equal(0.0, result.ProjectedGradientNorm);
    }

    /// <summary>(x - 1)^2 from x = -3 with InitialStep 8 as above, but with a NaN gradient at exactly x = 1. By
    /// hand: the trial x = 5 is rejected on its value; x = 1 (alpha 0.5) passes the Armijo test, but its gradient
    /// is not finite, so it is a failed step: alpha shrinks to 0.2 * 0.5 = 0.1, x = -3 + 0.8 = -2.2, where
    /// f = 10.24 &lt;= 16 - 1e-4 * 0.1 * 64 and the slope g d = -6.4 * 8 = -51.2 &gt;= 0.9 * -64: accepted. x = 1 has
    /// the lowest value of all, but like a point whose value is not finite it is not the result.</summary>
    [Fact]
    public void A_point_whose_gradient_is_not_finite_is_a_failed_step_and_never_the_result()
    {
        var lazy = new CountingLazyObjective((x, g) =>
        {
            g[0] = x[0] == 1 ? double.NaN : 2 * (x[0] - 1);
            return (x[0] - 1) * (x[0] - 1);
        });
        var result = new LBfgsBOptimizer().Minimize(lazy, new[] { -3.0 }, new[] { double.NegativeInfinity }, new[] { double.PositiveInfinity },
            new OptimizerOptions { InitialStep = 8 });
        foreach (var v in lazy.ValuePoints) output.WriteLine("value " + string.Join(", ", v));
        foreach (var v in lazy.GradientPoints) output.WriteLine("gradient " + string.Join(", ", v));
        output.WriteLine($"{result.Message} x={result.X[0]:R} g={result.Gradient?[0]:R}");

        Assert.Equal(new[] { -3.0, 5.0, 1.0, -2.2 }, lazy.ValuePoints.Take(4).Select(p => p[0]));
        Assert.Equal(new[] { -3.0, 1.0, -2.2 }, lazy.GradientPoints.Take(3).Select(p => p[0]));
        Assert.True(result.Converged, result.Message);
        Assert.NotEqual(1.0, result.X[0]);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
        Assert.NotNull(result.Gradient);
        Assert.Equal(2 * (result.X[0] - 1), result.Gradient![0]);
    }

    [Fact]
    public void Cancellation_is_checked_before_a_gradient_too()
    {
        using var cancel = new CancellationTokenSource();
        var lazy = new CountingLazyObjective(GradientProblems.Rosenbrock) { AfterValue = cancel.Cancel };
        Assert.Throws<OperationCanceledException>(() => new LBfgsBOptimizer().Minimize(lazy, new[] { -1.2, 1.0 },
            GradientProblems.Free(2, false), GradientProblems.Free(2, true), new OptimizerOptions(), cancel.Token));
        Assert.Equal(1, lazy.Values);
        Assert.Equal(0, lazy.Gradients);
    }

    [Fact]
    public void A_null_objective_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new LBfgsBOptimizer().Minimize((IGradientObjective)null!, new[] { 0.5 },
            new[] { 0.0 }, new[] { 1.0 }, new OptimizerOptions()));
    }

    /// <summary>An objective whose value and gradient are separate computations, recording where each was asked.</summary>
    private sealed class CountingLazyObjective(Func<double[], double[], double> f) : IGradientObjective
    {
        private double[]? lastValuePoint;

        public List<double[]> ValuePoints { get; } = new();

        public List<double[]> GradientPoints { get; } = new();

        public int Values => ValuePoints.Count;

        public int Gradients => GradientPoints.Count;

        public int GradientsAwayFromLastValue { get; private set; }

        public Action? AfterValue { get; init; }

        public double Value(double[] x)
        {
            ValuePoints.Add((double[])x.Clone());
            lastValuePoint = (double[])x.Clone();
            AfterValue?.Invoke();
            return f(x, new double[x.Length]);
        }

        public void Gradient(double[] x, double[] gradient)
        {
            GradientPoints.Add((double[])x.Clone());
            if (lastValuePoint is null || !lastValuePoint.SequenceEqual(x)) GradientsAwayFromLastValue++;
            f(x, gradient);
        }
    }
}
