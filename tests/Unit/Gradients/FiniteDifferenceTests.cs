using LmmPS.Core.Gradients;
using Xunit;

namespace LmmPS.Tests.Gradients;

public class FiniteDifferenceTests
{
    // f(x, y) = exp(x) * y^3 + log(y); closed-form gradient (exp(x) y^3, 3 exp(x) y^2 + 1/y).
    private static double F(double[] v) => Math.Exp(v[0]) * Math.Pow(v[1], 3) + Math.Log(v[1]);

    [Fact]
    public void CentralDifferencesMatchTheClosedForm()
    {
        var x = new[] { 0.3, 1.7 };
        var (d, _, scheme) = FiniteDifference.Gradient(F, x);
        Assert.Equal(Math.Exp(0.3) * Math.Pow(1.7, 3), d[0], 8);
        Assert.Equal(3 * Math.Exp(0.3) * 1.7 * 1.7 + 1 / 1.7, d[1], 8);
        Assert.All(scheme, s => Assert.Equal(DifferenceScheme.Central, s));
    }

    [Fact]
    public void AtALowerBoundTheStepStaysInside()
    {
        // sqrt is undefined below 0: a central step at x = 1e-7 would evaluate it there.
        var seen = new List<double>();
        double G(double[] v) { seen.Add(v[0]); return v[0] * v[0] + Math.Sqrt(v[0] + 1); }
        var (d, _, scheme) = FiniteDifference.Gradient(G, new[] { 1e-7 }, new[] { 0.0 }, null);
        Assert.Equal(DifferenceScheme.Forward, scheme[0]);
        Assert.All(seen, v => Assert.True(v >= 0));
        Assert.Equal(2e-7 + 0.5 / Math.Sqrt(1 + 1e-7), d[0], 9);
    }

    [Fact]
    public void ScalarSecondDerivativeMatchesTheClosedForm()
    {
        // f(s) = 10 log s + 3 / s^2: f' = 10/s - 6/s^3, f'' = -10/s^2 + 18/s^4.
        double s = 0.8;
        var (first, second, _) = FiniteDifference.Scalar(v => 10 * Math.Log(v) + 3 / (v * v), s, 0.0);
        Assert.Equal(10 / s - 6 / Math.Pow(s, 3), first, 7);
        Assert.Equal(-10 / (s * s) + 18 / Math.Pow(s, 4), second, 5);
    }

    [Fact]
    public void CompareReportsTheErrorOfAWrongDerivative()
    {
        var rows = FiniteDifference.Compare(new[] { "x", "y" }, F, new[] { 0.3, 1.7 },
            new[] { Math.Exp(0.3) * Math.Pow(1.7, 3), 1.0 });
        Assert.True(rows[0].Passes(1e-7, 0));
        Assert.False(rows[1].Passes(1e-4, 1e-5));
        Assert.Equal("y", rows[1].Parameter);
    }
}
