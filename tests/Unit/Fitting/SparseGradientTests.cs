using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The analytic gradient on the sparse trailing factor (Gradients/SparseGradient) against the dense kind's
/// analytic gradient on the same designs (1e-8 relative) and against central differences of the objective, ML and
/// REML, at interior and boundary points, with a scalar and a vector first term; the same bits on one and two threads.</summary>
public class SparseGradientTests
{
    private static KernelOptions Kind(TrailingFactorKind kind, int threads = 2) => new() { TrailingFactor = kind, MaxThreads = threads };

    /// <summary>(1 + x | pupil) + (1 | school) + (1 | nbhd) over the schools design: a vector first term.</summary>
    private static ModelDesign VectorFirst(int seed)
    {
        var s = SparseTrailingFactorTests.Schools(pupils: 300, pupilsPerSchool: 6, neighbourhoods: 30, seed: seed);
        var pupil = s.RandomTerms[0];
        var x = s.X.AsSpan(s.RowCount, s.RowCount).ToArray();
        var ones = HandBuiltDesigns.Ones(s.RowCount);
        var labels = Enumerable.Range(0, pupil.LevelCount).Select(i => "p" + i).ToArray();
        return HandBuiltDesigns.Design("y ~ 1 + x + (1 + x | pupil) + (1 | school) + (1 | nbhd)", s.Response.ToArray(),
            new[] { ("(Intercept)", ones), ("x", x) },
            HandBuiltDesigns.Term("pupil", (pupil.LevelIndex.ToArray(), labels), ("(Intercept)", ones), ("x", x)),
            s.RandomTerms[1], s.RandomTerms[2]);
    }

    private static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = Math.Max(1.0, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale,
                $"{what} [{i}]: expected {expected[i]:R}, got {actual[i]:R} (relative {relative})");
    }

    public static IEnumerable<object[]> ScalarPoints()
    {
        foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            foreach (var theta in new[] { new[] { 0.6, 1.1, 0.8 }, new[] { 1.0, 1.0, 1.0 }, new[] { 0.0, 2.0, 0.3 }, new[] { 0.4, 0.0, 0.005 } })
                yield return new object[] { method, theta };
    }

    [Theory]
    [MemberData(nameof(ScalarPoints))]
    public void Scalar_first_term_matches_the_dense_analytic_gradient_and_finite_differences(EstimationMethod method, double[] theta)
    {
        var design = SparseTrailingFactorTests.Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 3);
        var sparse = new LinearMixedModel(design, Kind(TrailingFactorKind.Sparse));
        var dense = new LinearMixedModel(design, Kind(TrailingFactorKind.Dense));
        Assert.Equal(TrailingFactorKind.Sparse, sparse.Factor.Kind);
        var g = sparse.Gradient(theta, method);
        Close(dense.Gradient(theta, method), g, 1e-8, "dense analytic");
        // Central differences of the sparse objective; on the boundary the objective is continued to negative
        // diagonals (even in a scalar theta), as the analytic gradient is.
        var (fd, _, _) = FiniteDifference.Gradient(t => sparse.Objective(t.Select(Math.Abs).ToArray(), method), theta);
        Close(fd, g, 2e-6, "finite difference");
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void Vector_first_term_matches_the_dense_analytic_gradient_and_finite_differences(EstimationMethod method)
    {
        var design = VectorFirst(seed: 5);
        var sparse = new LinearMixedModel(design, Kind(TrailingFactorKind.Sparse));
        var dense = new LinearMixedModel(design, Kind(TrailingFactorKind.Dense));
        Assert.Equal(TrailingFactorKind.Sparse, sparse.Factor.Kind);
        foreach (var theta in new[] { new[] { 0.7, 0.2, 0.4, 1.1, 0.8 }, new[] { 1.0, 0.0, 1.0, 1.0, 1.0 }, new[] { 0.5, -0.3, 0.0, 0.9, 0.0 } })
        {
            var g = sparse.Gradient(theta, method);
            Close(dense.Gradient(theta, method), g, 1e-8, "dense analytic");
            if (theta.Contains(0.0)) continue; // the central difference would step outside the bounds there
            var (fd, _, _) = FiniteDifference.Gradient(t => sparse.Objective(t, method), theta);
            Close(fd, g, 2e-6, "finite difference");
        }
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void The_average_information_Hessian_on_the_sparse_kind_matches_the_dense_kinds(EstimationMethod method)
    {
        // The dense kind's approximation is tested against a dense n x n computation and finite differences
        // (AverageInformationTests); here both kinds on the same designs, scalar and vector first terms.
        foreach (var (design, points) in new[]
        {
            (SparseTrailingFactorTests.Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 3),
                new[] { new[] { 0.6, 1.1, 0.8 }, new[] { 1.0, 1.0, 1.0 }, new[] { 0.0, 2.0, 0.3 } }),
            (VectorFirst(seed: 5), new[] { new[] { 0.7, 0.2, 0.4, 1.1, 0.8 } }),
        })
        {
            var sparse = new LinearMixedModel(design, Kind(TrailingFactorKind.Sparse));
            var dense = new LinearMixedModel(design, Kind(TrailingFactorKind.Dense));
            foreach (var theta in points)
            {
                var gs = sparse.Gradient(theta, method);
                var hs = AverageInformation.Compute(sparse, theta, method, gs);
                var gd = dense.Gradient(theta, method);
                var hd = AverageInformation.Compute(dense, theta, method, gd);
                Close(hd.Cast<double>().ToArray(), hs.Cast<double>().ToArray(), 1e-8, $"average information at ({string.Join(", ", theta)})");
            }
        }
    }

    [Fact]
    public void The_sparse_gradient_has_the_same_bits_on_one_and_two_threads_and_leaves_the_factor_at_theta()
    {
        var design = SparseTrailingFactorTests.Schools(pupils: 3000, pupilsPerSchool: 10, neighbourhoods: 250, seed: 7);
        var one = new LinearMixedModel(design, Kind(TrailingFactorKind.Sparse, 1));
        var two = new LinearMixedModel(design, Kind(TrailingFactorKind.Sparse, 2));
        var theta = new[] { 0.7, 1.2, 0.5 };
        var g1 = new double[3];
        var g2 = new double[3];
        double f1 = one.ObjectiveAndGradient(theta, EstimationMethod.REML, g1);
        double f2 = two.ObjectiveAndGradient(theta, EstimationMethod.REML, g2);
        Assert.Equal(f1, f2);
        Assert.Equal(g1, g2);
        Assert.Equal(one.Objective(theta, EstimationMethod.REML), f1);
        one.Factor.CheckAt(theta);
    }
}
