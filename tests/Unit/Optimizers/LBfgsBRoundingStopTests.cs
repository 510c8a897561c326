using LmmPS.Core.Optimizers;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>L-BFGS-B near a minimum where f carries rounding noise, as a large deviance does: once the quasi-Newton
/// step promises less than the relative tolerance and f does not drop, the run stops as converged instead of
/// shrinking the step towards noise (up to 30 line-search trials).</summary>
public class LBfgsBRoundingStopTests(ITestOutputHelper output)
{
    // f = 1e5 + sum c_i (x_i - 1)^2 plus a deterministic wobble of 1e-10 (1e-15 relative, rounding-sized) that the
    // exact gradient of the smooth part does not see. The minimum of the smooth part is 1e5 at x = (1, 1, 1).
    private static readonly double[] Curvatures = { 1.0, 30.0, 900.0 };

    private static double Objective(double[] x, double[] gradient)
    {
        double f = 1e5;
        for (int i = 0; i < x.Length; i++)
        {
            double e = x[i] - 1;
            f += Curvatures[i] * e * e;
            gradient[i] = 2 * Curvatures[i] * e;
        }
        return f + 1e-10 * Math.Sin(1e9 * (x[0] + 2 * x[1] + 3 * x[2]));
    }

    [Fact]
    public void A_negligible_promised_decrease_that_does_not_materialise_ends_the_run()
    {
        var start = new[] { 3.0, -2.0, 0.5 };
        var lower = new[] { -10.0, -10.0, -10.0 };
        var upper = new[] { 10.0, 10.0, 10.0 };
        OptimizerResult Run(double tolerance) => new LBfgsBOptimizer().Minimize(Objective, start, lower, upper,
            new OptimizerOptions { GradientTolerance = 1e-12, RelativeFunctionTolerance = tolerance });

        var stopping = Run(1e-12);
        var exhaustive = Run(0); // no negligible decrease: the line search shrinks until the step is rounding
        output.WriteLine($"tolerance 1e-12: {stopping.Evaluations} evaluations, f {stopping.Value:R}, {stopping.Message}");
        output.WriteLine($"tolerance 0: {exhaustive.Evaluations} evaluations, f {exhaustive.Value:R}, {exhaustive.Message}");

        Assert.True(stopping.Converged, stopping.Message);
        Assert.Contains("could lower f by at most", stopping.Message);
        // Within the tolerance of the true minimum 1e5 (plus the wobble)...
        Assert.InRange(stopping.Value, 1e5 - 1e-10, 1e5 * (1 + 1e-12));
        for (int i = 0; i < 3; i++)
            Assert.InRange(stopping.X[i], 1 - 1e-3, 1 + 1e-3);
        // ... and cheaper than searching the noise.
        Assert.True(stopping.Evaluations < exhaustive.Evaluations,
            $"{stopping.Evaluations} evaluations with the rule, {exhaustive.Evaluations} without");
    }
}
