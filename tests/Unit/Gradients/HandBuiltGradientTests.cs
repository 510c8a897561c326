using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Gradients;

/// <summary>Analytic against finite differences (1e-6 relative, rounding-noise floor) on block structures the reference
/// cases do not reach: a k = 4 first term, vector terms on both sides of the blocked factor (first term and dense
/// trailing part), crossed and nested vector terms, and theta on the boundary (a template diagonal at 0), for ML and
/// REML. Data are simulated with a fixed seed (System.Random's seeded sequence is stable).</summary>
public class HandBuiltGradientTests
{
    private const int Rows = 240;

    private static readonly Lazy<Simulated> Data = new(() => new Simulated(20240607));

    public static TheoryData<string, double[]> Cases => new()
    {
        // (1 + x1 + x2 + x3 | g): k = 4, ten theta.
        { "k4", new[] { 0.8, 0.2, -0.1, 0.15, 0.5, 0.05, -0.2, 0.3, 0.1, 0.6 } },
        // (1 + x1 + x2 | g) + (1 + x1 | h), crossed: vector first term and vector term in the dense part.
        { "crossed-vector", new[] { 0.9, 0.3, -0.2, 0.7, 0.1, 0.4, 1.1, -0.3, 0.5 } },
        // (1 | h) + (1 + x1 + x2 | g): scalar first term, k = 3 in the dense part.
        { "scalar-then-vector", new[] { 0.6, 0.9, 0.3, -0.2, 0.7, 0.1, 0.4 } },
        // (1 + x1 | g) + (1 | a), g nested in a.
        { "nested", new[] { 1.2, -0.4, 0.5, 0.8 } },
        // Boundary: a diagonal at 0 with its column's off-diagonals non-zero, and a whole scalar term at 0.
        { "crossed-vector", new[] { 0.9, 0.3, -0.2, 0.0, 0.1, 0.4, 1.1, -0.3, 0.5 } },
        { "crossed-vector", new[] { 0.0, 0.3, -0.2, 0.7, 0.1, 0.4, 0.0, 0.0, 0.5 } },
        { "scalar-then-vector", new[] { 0.0, 0.9, 0.3, -0.2, 0.7, 0.1, 0.0 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_gradient_matches_finite_differences(string model, double[] theta)
    {
        var design = Data.Value.Design(model);
        foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            GradientAssert.AgreeWithOwnDifferences(design, theta, method, $"{model} ({string.Join(", ", theta)}) {method}");
    }

    [Fact]
    public void Sleepstudy_on_the_boundary_matches_finite_differences()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        foreach (var theta in new[] { new[] { 1.0, 0.3, 0.0 }, new[] { 0.0, 0.5, 1.0 }, new[] { 0.0, 0.0, 0.0 } })
            foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
                GradientAssert.AgreeWithOwnDifferences(design, theta, method, $"sleepstudy ({string.Join(", ", theta)}) {method}");
    }

    [Fact]
    public void A_scalar_term_at_zero_has_zero_derivative()
    {
        // The objective depends on a scalar term's theta only through theta^2 (Lambda' A Lambda), so it is even in
        // theta and its derivative at 0 is exactly 0; the other term's derivative is not.
        var model = new LinearMixedModel(HandBuiltDesigns.Penicillin());
        var g = model.Gradient(new[] { 0.0, 1.3 }, EstimationMethod.REML);
        Assert.Equal(0.0, g[0]);
        Assert.NotEqual(0.0, g[1]);
    }

    private sealed class Simulated
    {
        private readonly double[] _y, _x1, _x2, _x3;
        private readonly (int[] Index, string[] Levels) _g, _h, _a;

        public Simulated(int seed)
        {
            var random = new Random(seed);
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _x1 = new double[Rows]; _x2 = new double[Rows]; _x3 = new double[Rows]; _y = new double[Rows];
            var g = new int[Rows];
            var h = new int[Rows];
            var a = new int[Rows];
            var bg = Enumerable.Range(0, 12).Select(_ => new[] { Normal(), 0.5 * Normal(), 0.3 * Normal(), 0.2 * Normal() }).ToArray();
            var bh = Enumerable.Range(0, 8).Select(_ => new[] { Normal(), 0.4 * Normal() }).ToArray();
            for (int i = 0; i < Rows; i++)
            {
                g[i] = i % 12;
                h[i] = random.Next(8);
                a[i] = g[i] / 3;
                _x1[i] = random.NextDouble() * 4;
                _x2[i] = Normal();
                _x3[i] = random.NextDouble() - 0.5;
                _y[i] = 2 + 0.5 * _x1[i] - _x3[i] + bg[g[i]][0] + bg[g[i]][1] * _x1[i] + bg[g[i]][2] * _x2[i] + bg[g[i]][3] * _x3[i]
                    + bh[h[i]][0] + bh[h[i]][1] * _x1[i] + 0.7 * Normal();
            }
            _g = (g, Enumerable.Range(0, 12).Select(l => $"g{l}").ToArray());
            _h = (h, Enumerable.Range(0, 8).Select(l => $"h{l}").ToArray());
            _a = (a, Enumerable.Range(0, 4).Select(l => $"a{l}").ToArray());
        }

        public ModelDesign Design(string model)
        {
            var one = HandBuiltDesigns.Ones(Rows);
            var x = new[] { ("(Intercept)", one), ("x1", _x1), ("x2", _x2), ("x3", _x3) };
            return model switch
            {
                "k4" => HandBuiltDesigns.Design("y ~ x1 + x2 + x3 + (1 + x1 + x2 + x3 | g)", _y, x,
                    HandBuiltDesigns.Term("g", _g, ("(Intercept)", one), ("x1", _x1), ("x2", _x2), ("x3", _x3))),
                "crossed-vector" => HandBuiltDesigns.Design("y ~ x1 + x2 + x3 + (1 + x1 + x2 | g) + (1 + x1 | h)", _y, x,
                    HandBuiltDesigns.Term("g", _g, ("(Intercept)", one), ("x1", _x1), ("x2", _x2)),
                    HandBuiltDesigns.Term("h", _h, ("(Intercept)", one), ("x1", _x1))),
                "scalar-then-vector" => HandBuiltDesigns.Design("y ~ x1 + x2 + x3 + (1 | h) + (1 + x1 + x2 | g)", _y, x,
                    HandBuiltDesigns.Term("h", _h, ("(Intercept)", one)),
                    HandBuiltDesigns.Term("g", _g, ("(Intercept)", one), ("x1", _x1), ("x2", _x2))),
                "nested" => HandBuiltDesigns.Design("y ~ x1 + (1 + x1 | g) + (1 | a)", _y, x.Take(2).ToArray(),
                    HandBuiltDesigns.Term("g", _g, ("(Intercept)", one), ("x1", _x1)),
                    HandBuiltDesigns.Term("a", _a, ("(Intercept)", one))),
                _ => throw new ArgumentException(model),
            };
        }
    }
}
