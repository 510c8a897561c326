using LmmPS.Core.Optimizers;
using Xunit.Abstractions;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>Problems whose minimiser lies on the boundary of the box: the optimizers must return the bound value
/// itself (a variance of exactly zero), not a point that creeps towards it.</summary>
public class BoundConstraintTests
{
    private readonly ITestOutputHelper output;

    public BoundConstraintTests(ITestOutputHelper output) => this.output = output;

    /// <summary>f = (x - 3)^2 + 2 (y - 0.5)^2 + (x - 3)(y - 0.5) on [-1, 2] x [-1, 1]. The unconstrained minimum
    /// (3, 0.5) is outside. On the edge x = 2, f = 1 + 2v^2 - v with v = y - 0.5 is least at v = 1/4, so y = 0.75;
    /// there df/dx = 2(x - 3) + v = -1.75 &lt; 0 pushes into the upper bound, so (2, 0.75) is the KKT point, and
    /// f is convex, so it is the minimum.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Quadratic_with_minimum_outside_the_box_stops_exactly_on_the_bound(string optimizer)
    {
        static double F(double[] p)
        {
            double u = p[0] - 3, v = p[1] - 0.5;
            return u * u + 2 * v * v + u * v;
        }

        var result = Run(output, optimizer, "quadratic, minimum outside box", F, new[] { 0.0, 0.0 },
            new[] { -1.0, -1.0 }, new[] { 2.0, 1.0 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(2.0, result.X[0]); // exactly on the bound
        Assert.InRange(result.X[1], 0.75 - 1e-7, 0.75 + 1e-7);
        Assert.Equal(0.875, result.Value, 12); // 1 + 2/16 - 1/4
    }

    /// <summary>f = (x + 1)^2 + (y - 3)^2 + xy/2 on [0, 2]^2: at the corner (0, 2), df/dx = 2 + 1 = 3 &gt; 0 (pushes
    /// into the lower bound of x) and df/dy = -2 &lt; 0 (pushes into the upper bound of y), and f is convex
    /// (Hessian [[2, .5], [.5, 2]]), so the corner is the minimum, f = 1 + 1 + 0 = 2.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Quadratic_with_minimum_at_a_corner_returns_the_corner_exactly(string optimizer)
    {
        static double F(double[] p) => (p[0] + 1) * (p[0] + 1) + (p[1] - 3) * (p[1] - 3) + 0.5 * p[0] * p[1];

        var result = Run(output, optimizer, "quadratic, minimum at corner", F, new[] { 1.0, 1.0 },
            new[] { 0.0, 0.0 }, new[] { 2.0, 2.0 });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.0, result.X[0]);
        Assert.Equal(2.0, result.X[1]);
        Assert.Equal(2.0, result.Value, 14);
    }

    /// <summary>The singular-variance case: 10 log(1 + t^2) + 3t increases on [0, inf) (derivative
    /// 20t/(1 + t^2) + 3 &gt; 0), so from t = 1 the minimum is t = 0 exactly, f = 0.</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void One_variable_with_optimum_on_the_lower_bound_zero_lands_on_zero(string optimizer)
    {
        static double F(double[] t) => 10 * Math.Log(1 + t[0] * t[0]) + 3 * t[0];

        var result = Run(output, optimizer, "1-D optimum at lower bound 0", F, new[] { 1.0 },
            new[] { 0.0 }, new[] { double.PositiveInfinity });

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.0, result.X[0]);
        Assert.Equal(0.0, result.Value);
    }

    /// <summary>Two variance parameters, one estimated as exactly zero: 30 log(1 + (t1 - 0.75)^2) + 10 log(1 + (t2 + 0.2)^2)
    /// is increasing in t2 on [0, inf), so the minimum is t1 = 0.75, t2 = 0, f = 10 log(1.04).</summary>
    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Two_variables_with_one_optimum_on_the_lower_bound(string optimizer)
    {
        static double F(double[] t)
        {
            double u = t[0] - 0.75, v = t[1] + 0.2;
            return 30 * Math.Log(1 + u * u) + 10 * Math.Log(1 + v * v);
        }

        var result = Run(output, optimizer, "2-D, one variance at zero", F, new[] { 1.0, 1.0 },
            new[] { 0.0, 0.0 }, Unbounded(2, true));

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.X[0], 0.75 - 1e-7, 0.75 + 1e-7);
        Assert.Equal(0.0, result.X[1]);
        Assert.Equal(10 * Math.Log(1.04), result.Value, 12);
    }
}
