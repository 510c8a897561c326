using LmmPS.Core.Optimizers;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>Creates the optimizers by name (so theories can run every test on both) and reports evaluation counts.</summary>
internal static class OptimizerTestSupport
{
    public const string Bobyqa = "BOBYQA";
    public const string NelderMead = "NelderMead";

    public static IBoundedOptimizer Create(string name) => name switch
    {
        Bobyqa => new BobyqaOptimizer(),
        NelderMead => new NelderMeadOptimizer(),
        _ => throw new ArgumentException($"Unknown optimizer {name}."),
    };

    public static double[] Filled(int n, double value)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = value;
        return a;
    }

    public static double[] Unbounded(int n, bool upper) => Filled(n, upper ? double.PositiveInfinity : double.NegativeInfinity);

    /// <summary>Runs the optimizer, counting the objective's calls independently of the optimizer's own count,
    /// and writes the problem's evaluation count to the test output (the numbers quoted in reports).</summary>
    public static OptimizerResult Run(
        ITestOutputHelper output,
        string optimizer,
        string problem,
        Func<double[], double> f,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions? options = null)
    {
        int calls = 0;
        double Counted(double[] x)
        {
            calls++;
            return f(x);
        }

        var result = Create(optimizer).Minimize(Counted, start, lower, upper, options ?? new OptimizerOptions());
        output.WriteLine(
            $"{optimizer,-10} {problem,-32} evaluations={result.Evaluations,5} converged={result.Converged} " +
            $"f={result.Value:G10} x=[{string.Join(", ", result.X.Select(v => v.ToString("G12")))}] ({result.Message})");
        Assert.Equal(calls, result.Evaluations);
        return result;
    }
}
