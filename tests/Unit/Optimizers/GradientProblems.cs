using LmmPS.Core.Optimizers;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>Closed-form test problems with their gradients, and a runner for <see cref="LBfgsBOptimizer"/> that
/// counts calls independently and prints the figures quoted in reports.</summary>
internal static class GradientProblems
{
    public static double Rosenbrock(double[] x, double[] g)
    {
        double a = x[1] - x[0] * x[0], b = 1 - x[0];
        g[0] = -400 * x[0] * a - 2 * b;
        g[1] = 200 * a;
        return 100 * a * a + b * b;
    }

    /// <summary>(x + 1)^2 + 2 (y - 2)^2 + x y: convex (Hessian [[2, 1], [1, 4]]). With x &gt;= 0 the minimum is
    /// (0, 2): at x = 0 the best y is 2, and there df/dx = 2 (0 + 1) + 2 = 4 &gt; 0 pushes x against its bound.</summary>
    public static double CoupledQuadratic(double[] p, double[] g)
    {
        double x = p[0], y = p[1];
        g[0] = 2 * (x + 1) + y;
        g[1] = 4 * (y - 2) + x;
        return (x + 1) * (x + 1) + 2 * (y - 2) * (y - 2) + x * y;
    }

    public static OptimizerResult Run(ITestOutputHelper output, string problem, Func<double[], double[], double> f,
        double[] start, double[] lower, double[] upper, OptimizerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        int calls = 0;
        double Counted(double[] x, double[] g)
        {
            calls++;
            return f(x, g);
        }

        var result = new LBfgsBOptimizer().Minimize(Counted, start, lower, upper, options ?? new OptimizerOptions(), cancellationToken);
        output.WriteLine(
            $"LBFGSB {problem,-40} evaluations={result.Evaluations,5} converged={result.Converged} f={result.Value:G12} " +
            $"pg={result.ProjectedGradientNorm:G3} x=[{string.Join(", ", result.X.Select(v => v.ToString("G12")))}] ({result.Message})");
        Assert.Equal(calls, result.Evaluations);
        return result;
    }

    public static double[] Free(int n, bool upper) => OptimizerTestSupport.Unbounded(n, upper);
}
