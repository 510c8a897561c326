using LmmPS.Core.Profiling;

namespace LmmPS.Tests.Profiling;

/// <summary>The Fritsch-Carlson interpolant against hand computations and its defining properties.</summary>
public class MonotoneCubicTests
{
    [Fact]
    public void Linear_data_give_the_line_and_its_exact_inverse()
    {
        var spline = new MonotoneCubic(new[] { 0.0, 1.0, 3.0 }, new[] { 1.0, 3.0, 7.0 });
        Assert.Equal(1.6, spline.Value(0.3), 12);
        Assert.Equal(5.0, spline.Value(2.0), 12);
        Assert.Equal(2.25, spline.Inverse(5.5), 12);
    }

    [Fact]
    public void Slopes_follow_Fritsch_Carlson_by_hand()
    {
        // Knots (0,0), (1,1), (2,1): secants 1 and 0, so the middle slope is 0 (a flat neighbour), the first 1, the
        // last 0. First piece, h = 1, t = 0.5: (t^3 - 2t^2 + t) * 1 + (-2t^3 + 3t^2) * 1 = 0.125 + 0.5 = 0.625.
        var spline = new MonotoneCubic(new[] { 0.0, 1.0, 2.0 }, new[] { 0.0, 1.0, 1.0 });
        Assert.Equal(0.625, spline.Value(0.5), 12);
        Assert.Equal(1.0, spline.Value(1.5), 12);
        Assert.Equal(0.5, spline.Value(spline.Inverse(0.5)), 10);
    }

    [Fact]
    public void A_steep_step_does_not_overshoot_and_inverts_everywhere()
    {
        // A plain cubic spline through a step overshoots; the limiter keeps every piece within its end values.
        var x = new[] { 0.0, 1.0, 2.0, 3.0, 4.0 };
        var y = new[] { 0.0, 0.01, 0.02, 5.0, 5.01 };
        var spline = new MonotoneCubic(x, y);
        double previous = double.NegativeInfinity;
        for (double t = 0; t <= 4.0; t += 0.001)
        {
            double v = spline.Value(t);
            Assert.True(v >= previous - 1e-12, $"decreases at {t}");
            Assert.InRange(v, -1e-12, 5.01 + 1e-12);
            previous = v;
        }
        foreach (double target in new[] { 0.005, 1.0, 2.5, 4.99, 5.005 })
            Assert.Equal(target, spline.Value(spline.Inverse(target)), 9);
        Assert.True(double.IsNaN(spline.Inverse(6.0)));
        Assert.True(double.IsNaN(spline.Inverse(-1.0)));
    }

    [Fact]
    public void Zeta_of_a_quadratic_deviance_is_recovered_between_knots()
    {
        // deviance = ((x - 2) / 0.5)^2 has zeta = (x - 2) / 0.5 exactly; limits at +-1.96 are 2 -+ 0.98.
        var x = new[] { 0.0, 0.7, 1.4, 2.0, 2.9, 3.5, 4.2 };
        var zeta = x.Select(v => (v - 2) / 0.5).ToArray();
        var spline = new MonotoneCubic(x, zeta);
        Assert.Equal(1.02, spline.Inverse(-1.96), 12);
        Assert.Equal(2.98, spline.Inverse(1.96), 12);
    }

    [Fact]
    public void Rejects_unsorted_knots_and_decreasing_values()
    {
        Assert.Throws<ArgumentException>(() => new MonotoneCubic(new[] { 0.0, 0.0 }, new[] { 0.0, 1.0 }));
        Assert.Throws<ArgumentException>(() => new MonotoneCubic(new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 }));
    }
}
