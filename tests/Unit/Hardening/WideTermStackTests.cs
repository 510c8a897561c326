using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Hardening;

/// <summary>A random-effects term with many columns, (0 + f | g) with f of 200 levels, gives k x k blocks of 320 KB; the
/// gradient kept three of them (and the factor update one) on the stack. On a thread with a 256 KB stack that overflowed
/// and killed the process (the test host, or a user's PowerShell session); now such blocks go to the heap
/// (LinearAlgebra/StackScratch.cs). The gradient is checked against central differences of the objective.</summary>
public class WideTermStackTests
{
    private static ModelDesign WideTerm(int columns, int groups, int rowsPerCell, int seed)
    {
        var random = new Random(seed);
        int n = columns * groups * rowsPerCell;
        var g = new int[n];
        var f = new int[n];
        var y = new double[n];
        var effects = Enumerable.Range(0, columns * groups).Select(_ => random.NextDouble() - 0.5).ToArray();
        for (int i = 0; i < n; i++)
        {
            int cell = i / rowsPerCell;
            g[i] = cell % groups;
            f[i] = cell / groups;
            y[i] = 1.0 + effects[f[i] * groups + g[i]] + 0.3 * (random.NextDouble() - 0.5);
        }
        var indicators = Enumerable.Range(0, columns)
            .Select(level => ($"f{level}", Enumerable.Range(0, n).Select(i => f[i] == level ? 1.0 : 0.0).ToArray())).ToArray();
        return HandBuiltDesigns.Design("y ~ 1 + (0 + f | g)", y, new[] { ("(Intercept)", HandBuiltDesigns.Ones(n)) },
            HandBuiltDesigns.Term("g", (g, Enumerable.Range(0, groups).Select(l => "g" + l).ToArray()), indicators));
    }

    [Fact]
    public void The_gradient_of_a_120_column_term_runs_on_a_small_stack_and_matches_finite_differences()
    {
        var design = WideTerm(columns: 200, groups: 3, rowsPerCell: 1, seed: 5);
        // One kernel thread, so every kernel runs on the small-stack thread below (not on the thread pool's).
        var model = new LinearMixedModel(design, new KernelOptions { MaxThreads = 1 });
        var theta = new ThetaLayout(design.RandomTerms).Start.ToArray();
        double[]? gradient = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { gradient = model.Gradient(theta, EstimationMethod.REML); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.NotNull(gradient);
        // Central differences on the diagonal elements of a few template columns (the start is the identity).
        var layout = new ThetaLayout(design.RandomTerms);
        const double h = 1e-5;
        foreach (int column in new[] { 0, 99, 199 })
        {
            int index = 0;
            for (int c = 0; c < column; c++) index += 200 - c;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[index] += h;
            down[index] -= h;
            double fd = (model.UpdateAndRead(up, EstimationMethod.REML) - model.UpdateAndRead(down, EstimationMethod.REML)) / (2 * h);
            Assert.True(Math.Abs(fd - gradient![index]) <= 1e-5 * Math.Max(1.0, Math.Abs(fd)),
                $"theta[{index}]: finite difference {fd:R}, analytic {gradient[index]:R}");
        }
        Assert.Equal(layout.Count, gradient!.Length);
    }
}
