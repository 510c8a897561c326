using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>Smooth problems whose minimiser is known in closed form and lies inside the (possibly infinite) box.</summary>
public class UnconstrainedProblemTests
{
    private readonly ITestOutputHelper output;

    public UnconstrainedProblemTests(ITestOutputHelper output) => this.output = output;

    /// <summary>Extended Rosenbrock (Moré, Garbow and Hillstrom 1981, problem 21): independent pairs
    /// 100 (x_{2i} - x_{2i-1}^2)^2 + (1 - x_{2i-1})^2, whose only minimiser is (1, ..., 1) with value 0,
    /// from the standard start (-1.2, 1, -1.2, 1, ...). (The chained variant has a second local minimum in 4-D.)</summary>
    private static double ExtendedRosenbrock(double[] x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    [Theory]
    [InlineData(Bobyqa, 2)]
    [InlineData(Bobyqa, 4)]
    [InlineData(NelderMead, 2)]
    [InlineData(NelderMead, 4)]
    public void Rosenbrock_from_the_standard_start_reaches_all_ones(string optimizer, int n)
    {
        var start = new double[n];
        for (int i = 0; i < n; i++) start[i] = i % 2 == 0 ? -1.2 : 1.0;

        var result = Run(output, optimizer, $"Rosenbrock {n}-D", ExtendedRosenbrock, start,
            Unbounded(n, false), Unbounded(n, true));

        Assert.True(result.Converged, result.Message);
        for (int i = 0; i < n; i++) Assert.InRange(result.X[i], 1 - 1e-6, 1 + 1e-6);
        Assert.True(result.Value < 1e-12, $"f = {result.Value}");
    }

    /// <summary>f(x) = (x - c)'A(x - c)/2 + 3 with A tridiagonal (diagonal 2 + i/5, off-diagonal -0.8), which is
    /// diagonally dominant and hence positive definite, so the minimiser is exactly c and the minimum 3.</summary>
    private static double TenVariableQuadratic(double[] x)
    {
        int n = x.Length;
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = x[i] - QuadraticCenter(i);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += (2 + i / 5.0) * r[i] * r[i];
            if (i + 1 < n) sum += 2 * -0.8 * r[i] * r[i + 1];
        }

        return 0.5 * sum + 3;
    }

    private static double QuadraticCenter(int i) => 0.1 * i - 0.3;

    [Theory]
    [InlineData(Bobyqa, 300)]
    [InlineData(NelderMead, 20_000)]
    public void Convex_quadratic_in_ten_variables_is_solved_within_an_evaluation_budget(string optimizer, int limit)
    {
        const int n = 10;
        var result = Run(output, optimizer, "convex quadratic 10-D", TenVariableQuadratic, new double[n],
            Unbounded(n, false), Unbounded(n, true));

        Assert.True(result.Converged, result.Message);
        for (int i = 0; i < n; i++) Assert.InRange(result.X[i], QuadraticCenter(i) - 1e-6, QuadraticCenter(i) + 1e-6);
        Assert.Equal(3.0, result.Value, 10);
        Assert.True(result.Evaluations < limit, $"{result.Evaluations} evaluations, expected fewer than {limit}.");
    }

    /// <summary>A deviance-like 1-D curve: 30 log(1 + (t - 0.75)^2) + 2 (t - 0.75)^2 + 412.5 has its only
    /// minimum 412.5 at t = 0.75 (both terms are zero there and positive elsewhere); lower bound 0 as for a
    /// relative standard deviation.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Mock_profiled_deviance_in_one_variable_has_its_closed_form_optimum(string optimizer)
    {
        static double Deviance(double[] t)
        {
            double u = t[0] - 0.75;
            return 30 * Math.Log(1 + u * u) + 2 * u * u + 412.5;
        }

        var result = Run(output, optimizer, "mock deviance 1-D", Deviance, new[] { 1.0 },
            new[] { 0.0 }, new[] { double.PositiveInfinity });

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 0.75 - 1e-7, 0.75 + 1e-7);
        Assert.Equal(412.5, result.Value, 10);
    }

    /// <summary>Two correlated "variance parameters": 30 log(1 + (t1 - 0.75)^2) + 20 log(1 + (t2 - 0.3 - (t1 - 0.75)/2)^2)
    /// is zero only where both logs vanish, i.e. at t1 = 0.75, t2 = 0.3.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Mock_profiled_deviance_in_two_coupled_variables_has_its_closed_form_optimum(string optimizer)
    {
        static double Deviance(double[] t)
        {
            double u = t[0] - 0.75, v = t[1] - 0.3 - 0.5 * u;
            return 30 * Math.Log(1 + u * u) + 20 * Math.Log(1 + v * v);
        }

        var result = Run(output, optimizer, "mock deviance 2-D", Deviance, new[] { 1.0, 1.0 },
            new[] { 0.0, 0.0 }, Unbounded(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 0.75 - 1e-7, 0.75 + 1e-7);
        Assert.InRange(result.X[1], 0.3 - 1e-7, 0.3 + 1e-7);
        Assert.True(result.Value < 1e-12, $"f = {result.Value}");
    }
}
