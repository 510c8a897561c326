using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>Bound-constrained problems closer to real fits: many variables with several variances at zero, and a
/// box far narrower than the initial step.</summary>
public class HarderBoundTests
{
    private readonly ITestOutputHelper output;

    public HarderBoundTests(ITestOutputHelper output) => this.output = output;

    private const int Variables = 15;

    /// <summary>Target c_i = 0.4 cos(1.3 i) - 0.1: about half of the targets are negative, so with lower bounds 0
    /// on the even-numbered variables (as on the diagonal of a relative covariance factor) several end on a bound.</summary>
    private static double Target(int i) => 0.4 * Math.Cos(1.3 * i) - 0.1;

    private static double[] Gradient(double[] x)
    {
        // f = (x - c)'A(x - c)/2 with A tridiagonal: diagonal 2 + i/10, off-diagonal 0.6 (diagonally dominant, so SPD).
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            double r = x[i] - Target(i);
            g[i] += (2 + i / 10.0) * r;
            if (i + 1 < n)
            {
                double next = x[i + 1] - Target(i + 1);
                g[i] += 0.6 * next;
                g[i + 1] += 0.6 * r;
            }
        }

        return g;
    }

    private static double Quadratic(double[] x)
    {
        var g = Gradient(x);
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += 0.5 * g[i] * (x[i] - Target(i));
        return sum;
    }

    /// <summary>The minimiser of a convex quadratic over a box is characterised by the KKT conditions: zero gradient
    /// in the free variables, non-negative gradient at a lower bound. These are checked directly.</summary>
    [Theory]
    [InlineData(Bobyqa, 600)]
    [InlineData(NelderMead, 100_000)]
    public void Fifteen_variables_with_several_at_a_lower_bound_satisfy_the_optimality_conditions(string optimizer, int limit)
    {
        var lower = new double[Variables];
        var upper = Filled(Variables, double.PositiveInfinity);
        var start = Filled(Variables, 1.0);
        for (int i = 0; i < Variables; i++) lower[i] = i % 2 == 0 ? 0 : double.NegativeInfinity;

        var result = Run(output, optimizer, "15-D quadratic, lower bounds 0", Quadratic, start, lower, upper,
            new OptimizerOptions { MaxEvaluations = limit });

        Assert.True(result.Converged, result.Message);
        var g = Gradient(result.X);
        int onBound = 0;
        for (int i = 0; i < Variables; i++)
        {
            if (result.X[i] == lower[i])
            {
                onBound++;
                Assert.True(g[i] > -1e-6, $"variable {i} on its bound has gradient {g[i]}");
            }
            else
            {
                Assert.True(Math.Abs(g[i]) < 1e-6, $"free variable {i} = {result.X[i]} has gradient {g[i]}");
            }
        }

        Assert.True(onBound >= 3, $"only {onBound} variables ended exactly on a bound");
    }

    /// <summary>The example in the documentation of R's minqa::bobyqa: Rosenbrock 100(y - x^2)^2 + (1 - x)^2 on
    /// [0, 4] x [3.9999999, 4] from (4, 4). For fixed x the best y is x^2 clipped to the box; near x = 2 the cost
    /// (1 - x)^2 still pulls x down, so y rests on its lower bound l = 3.9999999 and x solves
    /// d/dx [100 (l - x^2)^2 + (1 - x)^2] = -400 x (l - x^2) - 2 (1 - x) = 0 near 2 (solved here by Newton).</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Box_narrower_than_the_initial_step_is_handled(string optimizer)
    {
        const double l = 3.9999999;
        static double F(double[] p) => 100 * Math.Pow(p[1] - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2);

        double x = 2;
        for (int k = 0; k < 50; k++)
        {
            double d1 = -400 * x * (l - x * x) - 2 * (1 - x);
            double d2 = -400 * l + 1200 * x * x + 2;
            x -= d1 / d2;
        }

        var result = Run(output, optimizer, "Rosenbrock, box 1e-7 wide in y", F, new[] { 4.0, 4.0 },
            new[] { 0.0, l }, new[] { 4.0, 4.0 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(l, result.X[1]);
        Assert.InRange(result.X[0], x - 1e-6, x + 1e-6);
        Assert.Equal(F(new[] { x, l }), result.Value, 10);
    }
}
