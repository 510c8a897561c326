using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.GradientProblems;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B on problems whose bound-constrained minimum is known in closed form.</summary>
public class LBfgsBProblemTests(ITestOutputHelper output)
{
    [Fact]
    public void Rosenbrock_without_bounds_reaches_1_1()
    {
        var result = Run(output, "Rosenbrock", Rosenbrock, new[] { -1.2, 1.0 }, Free(2, false), Free(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-7, 1 + 1e-7);
        Assert.InRange(result.X[1], 1 - 1e-7, 1 + 1e-7);
        Assert.True(result.ProjectedGradientNorm <= 1e-6);
        // A quasi-Newton method with exact gradients needs a few dozen evaluations here.
        Assert.True(result.Evaluations < 100, $"{result.Evaluations} evaluations");
    }

    /// <summary>With x &lt;= 0.5 the minimum is (0.5, 0.25): for fixed x, y = x^2 is best, and along y = x^2 the
    /// function (1 - x)^2 decreases up to the bound; there df/dx = -2 (1 - 0.5) = -1 pushes x against it.</summary>
    [Fact]
    public void Rosenbrock_with_an_active_upper_bound_stops_exactly_on_it()
    {
        var result = Run(output, "Rosenbrock, x <= 0.5", Rosenbrock, new[] { -1.2, 1.0 }, new[] { -2.0, -2.0 }, new[] { 0.5, 2.0 },
            new OptimizerOptions { GradientTolerance = 1e-9 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.5, result.X[0]);
        Assert.InRange(result.X[1], 0.25 - 1e-8, 0.25 + 1e-8);
        Assert.InRange(result.Value, 0.25, 0.25 + 1e-14);
        Assert.True(result.Evaluations < 88, $"{result.Evaluations} evaluations (MathNet's BfgsBMinimizer: 88)");
    }

    [Theory]
    [InlineData(1.0, 0.0)]   // free start; x must travel to its bound
    [InlineData(0.0, -3.0)]  // start on the bound that is active at the minimum
    [InlineData(5.0, 10.0)]
    public void Optimum_exactly_on_a_lower_bound_is_returned_on_the_bound(double x0, double y0)
    {
        var result = Run(output, $"coupled quadratic from ({x0}, {y0})", CoupledQuadratic, new[] { x0, y0 },
            new[] { 0.0, double.NegativeInfinity }, Free(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.0, result.X[0]);
        Assert.InRange(result.X[1], 2 - 1e-7, 2 + 1e-7);
        Assert.InRange(result.Value, 1, 1 + 1e-12); // f(0, 2) = 1
        Assert.True(result.ProjectedGradientNorm <= 1e-6);
    }

    /// <summary>(x - 1)^2 + (y - 1)^2 from (0, 0) with x, y &gt;= 0: the start is on both bounds but the gradient
    /// (-2, -2) points inside, so both must leave them.</summary>
    [Fact]
    public void Variables_that_start_on_a_bound_leave_it_when_the_gradient_points_inside()
    {
        static double F(double[] x, double[] g)
        {
            g[0] = 2 * (x[0] - 1);
            g[1] = 2 * (x[1] - 1);
            return (x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1);
        }

        var result = Run(output, "bowl from the corner (0, 0)", F, new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 }, Free(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-7, 1 + 1e-7);
        Assert.InRange(result.X[1], 1 - 1e-7, 1 + 1e-7);
    }

    /// <summary>(x^2 - 1)^2 + (y - 1)^2 with x &gt;= 0, from (0, 3): f is even in x, like the LMM deviance in a
    /// term's last diagonal theta, so df/dx = 4x (x^2 - 1) is exactly 0 on the bound x = 0 and (0, 1) is a
    /// first-order point (f = 1) that is not a minimum; the minimum is (1, 1) with f = 0.</summary>
    [Fact]
    public void A_saddle_on_a_bound_where_the_derivative_vanishes_is_escaped()
    {
        static double F(double[] p, double[] g)
        {
            double x = p[0], y = p[1];
            g[0] = 4 * x * (x * x - 1);
            g[1] = 2 * (y - 1);
            return (x * x - 1) * (x * x - 1) + (y - 1) * (y - 1);
        }

        var result = Run(output, "even in x, from the bound x = 0", F, new[] { 0.0, 3.0 },
            new[] { 0.0, double.NegativeInfinity }, Free(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(result.X[1], 1 - 1e-6, 1 + 1e-6);
        Assert.True(result.Value < 1e-11);
    }

    [Fact]
    public void Start_at_the_constrained_optimum_takes_one_evaluation_and_one_probe_inside_the_bound()
    {
        var result = Run(output, "coupled quadratic from its optimum", CoupledQuadratic, new[] { 0.0, 2.0 },
            new[] { 0.0, double.NegativeInfinity }, Free(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.Equal(2, result.Evaluations);
        Assert.Equal(new[] { 0.0, 2.0 }, result.X);
        Assert.Equal(0.0, result.ProjectedGradientNorm);
    }

    /// <summary>f = (x - c)' A (x - c) / 2 with A tridiagonal (4 on the diagonal, -1 beside it) and
    /// c = x* - A^-1 g*, so that the gradient at x* = (0, 0.5, 2, -1, 1, 3) is g* = (3, 0, 0, -2, 0, -1.5).
    /// With the bounds x0 &gt;= 0, x3 &lt;= -1 and x5 &lt;= 3, x* satisfies the KKT conditions (g &gt; 0 where a lower
    /// bound is active, g &lt; 0 where an upper one is, g = 0 elsewhere); the problem is convex, so x* is the
    /// only minimum.</summary>
    [Fact]
    public void Several_active_bounds_in_six_dimensions()
    {
        const int n = 6;
        var optimum = new[] { 0.0, 0.5, 2.0, -1.0, 1.0, 3.0 };
        var gradientAtOptimum = new[] { 3.0, 0, 0, -2.0, 0, -1.5 };
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            a[i, i] = 4;
            if (i > 0) a[i, i - 1] = a[i - 1, i] = -1;
        }

        var shift = Solve(a, gradientAtOptimum);
        var c = optimum.Select((v, i) => v - shift[i]).ToArray();
        double F(double[] x, double[] g)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double row = 0;
                for (int j = 0; j < n; j++) row += a[i, j] * (x[j] - c[j]);
                g[i] = row;
                f += 0.5 * (x[i] - c[i]) * row;
            }

            return f;
        }

        var lower = new[] { 0.0, -10, -10, -10, -10, -10 };
        var upper = new[] { 10.0, 10, 10, -1, 10, 3 };
        var result = Run(output, "6-d quadratic, 3 active bounds", F, new[] { 5.0, 5, 5, -5, 5, 0 }, lower, upper,
            new OptimizerOptions { GradientTolerance = 1e-10 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.0, result.X[0]);
        Assert.Equal(-1.0, result.X[3]);
        Assert.Equal(3.0, result.X[5]);
        // f is known to about 1e-16 relative, which fixes x only to about sqrt(1e-16) = 1e-8.
        foreach (int i in new[] { 1, 2, 4 }) Assert.InRange(result.X[i], optimum[i] - 1e-7, optimum[i] + 1e-7);
    }

    /// <summary>Gaussian elimination for the test's small system (no pivoting needed: A is diagonally dominant).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int k = 0; k < n; k++)
            for (int i = k + 1; i < n; i++)
            {
                double factor = m[i, k] / m[k, k];
                for (int j = k; j < n; j++) m[i, j] -= factor * m[k, j];
                x[i] -= factor * x[k];
            }

        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = i + 1; j < n; j++) x[i] -= m[i, j] * x[j];
            x[i] /= m[i, i];
        }

        return x;
    }
}
