using LmmPS.Core.Optimizers;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B with an objective that supplies its own Hessian approximation (ICurvatureObjective): with the
/// exact Hessian of a quadratic it takes the Newton step at once; an approximation it cannot use (refused, not
/// finite, or giving no descent) leaves it to its own quasi-Newton model, and it still converges.</summary>
public class CurvatureObjectiveTests(ITestOutputHelper output)
{
    /// <summary>f = 1/2 (x - a)' H (x - a) with H = [100 3; 3 1] (condition number about 110), a = (1, -2).</summary>
    private static double Quadratic(double[] x, double[] g)
    {
        double d0 = x[0] - 1, d1 = x[1] + 2;
        g[0] = 100 * d0 + 3 * d1;
        g[1] = 3 * d0 + d1;
        return 0.5 * (100 * d0 * d0 + 6 * d0 * d1 + d1 * d1);
    }

    private static readonly double[,] QuadraticHessian = { { 100, 3 }, { 3, 1 } };

    private static readonly double[] Free = { double.NegativeInfinity, double.NegativeInfinity };

    private static readonly double[] NoUpper = { double.PositiveInfinity, double.PositiveInfinity };

    [Fact]
    public void The_exact_Hessian_of_a_quadratic_gives_the_minimum_in_one_step()
    {
        var withCurvature = new CurvatureObjective(Quadratic, (_, _, h) => Copy(QuadraticHessian, h));
        var result = new LBfgsBOptimizer().Minimize(withCurvature, new[] { 0.0, 0.0 }, Free, NoUpper, new OptimizerOptions());
        var plain = new LBfgsBOptimizer().Minimize(new CurvatureObjective(Quadratic, null), new[] { 0.0, 0.0 }, Free, NoUpper, new OptimizerOptions());
        output.WriteLine($"with curvature {result.Evaluations} values ({result.Message}); without {plain.Evaluations}");

        Assert.True(result.Converged, result.Message);
        // The start and the Newton point x - H^-1 g = a.
        Assert.Equal(2, result.Evaluations);
        Assert.Equal(1.0, result.X[0], 12);
        Assert.Equal(-2.0, result.X[1], 12);
        Assert.True(plain.Evaluations > result.Evaluations, $"without curvature {plain.Evaluations} values");
    }

    /// <summary>With x0 &gt;= 2 the minimum is on the bound: x0 = 2 and df/dx1 = 3 (x0 - 1) + (x1 + 2) = 0, x1 = -5.</summary>
    [Fact]
    public void The_exact_Hessian_reaches_a_minimum_on_a_bound()
    {
        var lower = new[] { 2.0, double.NegativeInfinity };
        var withCurvature = new CurvatureObjective(Quadratic, (_, _, h) => Copy(QuadraticHessian, h));
        var result = new LBfgsBOptimizer().Minimize(withCurvature, new[] { 3.0, 0.0 }, lower, NoUpper, new OptimizerOptions());
        var plain = new LBfgsBOptimizer().Minimize(new CurvatureObjective(Quadratic, null), new[] { 3.0, 0.0 }, lower, NoUpper, new OptimizerOptions());
        output.WriteLine($"with curvature {result.Evaluations} values ({result.Message}); without {plain.Evaluations}");

        Assert.True(result.Converged, result.Message);
        Assert.Equal(2.0, result.X[0]);
        Assert.Equal(-5.0, result.X[1], 10);
        Assert.True(result.Evaluations <= 3, $"{result.Evaluations} values");
        Assert.True(plain.Evaluations > result.Evaluations, $"without curvature {plain.Evaluations} values");
    }

    [Fact]
    public void A_refused_approximation_leaves_the_run_exactly_as_without_one()
    {
        var refusing = new CurvatureObjective(GradientProblems.Rosenbrock, (_, _, _) => false);
        var plain = new CurvatureObjective(GradientProblems.Rosenbrock, null);
        var a = new LBfgsBOptimizer().Minimize(refusing, new[] { -1.2, 1.0 }, Free, NoUpper, new OptimizerOptions());
        var b = new LBfgsBOptimizer().Minimize(plain, new[] { -1.2, 1.0 }, Free, NoUpper, new OptimizerOptions());

        Assert.True(refusing.CurvatureRequests > 0);
        Assert.Equal(plain.Points, refusing.Points);
        Assert.Equal(b.X, a.X);
    }

    public static TheoryData<string> Unusable => new() { "zero", "NaN", "negative definite" };

    /// <summary>Rosenbrock from (-1.2, 1) with an approximation that is useless (zero: no step; NaN: not finite;
    /// -I: the model has no minimum): the run falls back on its own model each time and still finds (1, 1).</summary>
    [Theory]
    [MemberData(nameof(Unusable))]
    public void An_unusable_approximation_still_converges(string kind)
    {
        var objective = new CurvatureObjective(GradientProblems.Rosenbrock, (_, _, h) =>
        {
            double value = kind switch { "zero" => 0, "NaN" => double.NaN, _ => -1 };
            h[0, 0] = h[1, 1] = value;
            h[0, 1] = h[1, 0] = kind == "negative definite" ? 0 : value;
            return true;
        });
        var result = new LBfgsBOptimizer().Minimize(objective, new[] { -1.2, 1.0 }, Free, NoUpper, new OptimizerOptions());
        output.WriteLine($"{kind}: {result.Evaluations} values, {objective.CurvatureRequests} approximations asked for ({result.Message})");

        Assert.True(result.Converged, result.Message);
        Assert.Equal(1.0, result.X[0], 5);
        Assert.Equal(1.0, result.X[1], 5);
    }

    private static bool Copy(double[,] from, double[,] to)
    {
        Array.Copy(from, to, from.Length);
        return true;
    }

    /// <summary>An objective with an optional Hessian approximation; records every point whose value was asked for.</summary>
    private sealed class CurvatureObjective(Func<double[], double[], double> f, Func<double[], double[], double[,], bool>? curvature)
        : IGradientObjective, ICurvatureObjective
    {
        public List<double[]> Points { get; } = new();

        public int CurvatureRequests { get; private set; }

        public double Value(double[] x)
        {
            Points.Add((double[])x.Clone());
            return f(x, new double[x.Length]);
        }

        public void Gradient(double[] x, double[] gradient) => f(x, gradient);

        public bool TryCurvature(double[] x, double[] gradient, double[,] hessian)
        {
            if (curvature is null) return false;
            CurvatureRequests++;
            return curvature(x, gradient, hessian);
        }
    }
}
