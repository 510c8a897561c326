using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>The deviance returns +inf where it cannot factor; such values must count as worse than any finite one.</summary>
public class NonFiniteObjectiveTests
{
    private readonly ITestOutputHelper output;

    public NonFiniteObjectiveTests(ITestOutputHelper output) => this.output = output;

    /// <summary>(x - 1)^2 + (y - 1)^2 where x + y &lt;= 2.5, else the "bad" value; the minimum (1, 1) lies inside the
    /// finite region, and steps from the start (2, 0.4) easily overshoot into the bad one.</summary>
    [Theory]
    [InlineData(Bobyqa, double.PositiveInfinity)]
    [InlineData(Bobyqa, double.NaN)]
    [InlineData(NelderMead, double.PositiveInfinity)]
    [InlineData(NelderMead, double.NaN)]
    public void Non_finite_values_in_part_of_the_box_are_avoided(string optimizer, double bad)
    {
        double F(double[] p) => p[0] + p[1] > 2.5 ? bad : (p[0] - 1) * (p[0] - 1) + (p[1] - 1) * (p[1] - 1);

        var result = Run(output, optimizer, $"{bad} where x + y > 2.5", F, new[] { 2.0, 0.4 },
            new[] { 0.0, 0.0 }, new[] { 3.0, 3.0 }, new OptimizerOptions { InitialStep = 0.5 });

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(result.X[1], 1 - 1e-6, 1 + 1e-6);
        Assert.True(result.Value < 1e-12);
    }

    /// <summary>+inf beyond t = 1.2 on the way to the minimum t = 1 of (t - 1)^2: the optimum sits right next
    /// to the region where the objective fails.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Optimum_next_to_the_failing_region_is_found(string optimizer)
    {
        static double F(double[] t) => t[0] > 1.2 ? double.PositiveInfinity : (t[0] - 1) * (t[0] - 1);

        var result = Run(output, optimizer, "+inf beyond t = 1.2", F, new[] { 0.0 },
            new[] { -5.0 }, new[] { 5.0 }, new OptimizerOptions { InitialStep = 1 });

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 1 - 1e-6, 1 + 1e-6);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Objective_that_is_never_finite_ends_without_convergence(string optimizer)
    {
        var result = Run(output, optimizer, "never finite", _ => double.PositiveInfinity, new[] { 0.5, 0.5 },
            new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 }, new OptimizerOptions { MaxEvaluations = 200 });

        Assert.False(result.Converged);
        Assert.True(double.IsPositiveInfinity(result.Value));
        Assert.Equal(new[] { 0.5, 0.5 }, result.X);
    }
}
