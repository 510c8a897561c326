using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The sparse kind of the trailing factor against lme4's reference values and against the dense kind on the
/// same designs (nested, partially crossed): objective, beta, conditional modes and variances to 1e-10 relative at
/// the same theta; the fit's optimum; the automatic choice; thread independence.</summary>
public class SparseTrailingFactorTests
{
    private static readonly KernelOptions Sparse = new() { TrailingFactor = TrailingFactorKind.Sparse };
    private static readonly KernelOptions Dense = new() { TrailingFactor = TrailingFactorKind.Dense };

    /// <summary>Pupils (4 rows each) in schools (nested), crossed with neighbourhoods local to the schools: the
    /// bench's schools design at a small size (bench/DesignGenerator's `near` crossing).</summary>
    internal static ModelDesign Schools(int pupils, int pupilsPerSchool, int neighbourhoods, int seed)
    {
        var random = new Random(seed);
        int n = pupils * 4, schools = pupils / pupilsPerSchool;
        var pupil = new int[n];
        var school = new int[n];
        var nbhd = new int[n];
        var x = new double[n];
        var y = new double[n];
        var us = Enumerable.Range(0, schools).Select(_ => Normal(random)).ToArray();
        var un = Enumerable.Range(0, neighbourhoods).Select(_ => 0.7 * Normal(random)).ToArray();
        for (int p = 0; p < pupils; p++)
        {
            int s = p / pupilsPerSchool;
            int h = (int)((long)s * neighbourhoods / schools + random.Next(4)) % neighbourhoods;
            double up = 0.5 * Normal(random);
            for (int r = 0; r < 4; r++)
            {
                int i = p * 4 + r;
                pupil[i] = p;
                school[i] = s;
                nbhd[i] = h;
                x[i] = random.NextDouble();
                y[i] = 1.0 + 0.5 * x[i] + up + us[s] + un[h] + 0.8 * Normal(random);
            }
        }
        var ones = HandBuiltDesigns.Ones(n);
        return HandBuiltDesigns.Design("y ~ 1 + x + (1 | pupil) + (1 | school) + (1 | nbhd)", y,
            new[] { ("(Intercept)", ones), ("x", x) },
            HandBuiltDesigns.Term("pupil", (pupil, Labels("p", pupils)), ("(Intercept)", ones)),
            HandBuiltDesigns.Term("school", (school, Labels("s", schools)), ("(Intercept)", ones)),
            HandBuiltDesigns.Term("nbhd", (nbhd, Labels("h", neighbourhoods)), ("(Intercept)", ones)));
    }

    private static string[] Labels(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToArray();

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    private static void Close(double expected, double actual, double relative = 1e-10) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R} (relative tolerance {relative})");

    private static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative = 1e-10)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = Math.Max(1.0, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [InlineData("Penicillin_REML.json")]
    [InlineData("Penicillin_ML.json")]
    [InlineData("Pastes_REML.json")]
    public void Forced_sparse_matches_lme4s_devfun_points_and_the_dense_kind(string file)
    {
        var design = file.StartsWith("Pastes") ? HandBuiltDesigns.Pastes() : HandBuiltDesigns.Penicillin();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine("data", "reference", file)));
        var method = file.Contains("_ML") ? EstimationMethod.ML : EstimationMethod.REML;
        var sparse = new LinearMixedModel(design, Sparse);
        var dense = new LinearMixedModel(design, Dense);
        Assert.Equal(TrailingFactorKind.Sparse, sparse.Factor.Kind);
        Assert.Equal(TrailingFactorKind.Dense, dense.Factor.Kind);
        foreach (var point in doc.RootElement.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            var theta = point.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double value = sparse.Objective(theta, method);
            Close(point.GetProperty("value").GetDouble(), value, 1e-9);
            Close(dense.Objective(theta, method), value);
            var s = ModelSolution.Compute(sparse, theta, method);
            var d = ModelSolution.Compute(dense, theta, method);
            Close(point.GetProperty("beta").EnumerateArray().Select(e => e.GetDouble()).ToArray(), s.Beta, 1e-8);
            Close(d.Beta, s.Beta);
            Close(d.U, s.U);
            Close(d.LogDetLZSquared, s.LogDetLZSquared);
            Close(d.LogDetLXSquared, s.LogDetLXSquared);
            var cs = ConditionalVariances.Compute(sparse, theta, s.Sigma);
            var cd = ConditionalVariances.Compute(dense, theta, d.Sigma);
            for (int j = 0; j < cs.Length; j++) Close(cd[j], cs[j]);
        }
    }

    [Fact]
    public void Sparse_and_dense_agree_on_a_partially_crossed_design_and_the_fits_reach_the_same_optimum()
    {
        var design = Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 3);
        var sparse = new LinearMixedModel(design, Sparse);
        var dense = new LinearMixedModel(design, Dense);
        foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            foreach (var theta in new[] { new[] { 0.6, 1.1, 0.8 }, new[] { 1.0, 1.0, 1.0 }, new[] { 0.0, 2.0, 0.3 } })
            {
                Close(dense.Objective(theta, method), sparse.Objective(theta, method));
                var s = ModelSolution.Compute(sparse, theta, method);
                var d = ModelSolution.Compute(dense, theta, method);
                Close(d.Beta, s.Beta);
                Close(d.U, s.U);
                var cs = ConditionalVariances.Compute(sparse, theta, s.Sigma);
                var cd = ConditionalVariances.Compute(dense, theta, d.Sigma);
                for (int j = 0; j < cs.Length; j++) Close(cd[j], cs[j]);
                // Both kinds' analytic gradients (Gradients/SparseGradient on the sparse kind; more in SparseGradientTests).
                Close(dense.Gradient(theta, method), sparse.Gradient(theta, method), 1e-8);
            }

        var fitDense = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML, Kernels = Dense });
        var fitSparse = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML, Kernels = Sparse });
        Assert.True(fitSparse.Converged, fitSparse.ConvergenceMessage);
        Close(fitDense.Objective, fitSparse.Objective, 1e-10);
        Close(fitDense.Theta, fitSparse.Theta, 2e-5);
        Close(fitDense.FixedEffects.Select(f => f.Estimate).ToArray(), fitSparse.FixedEffects.Select(f => f.Estimate).ToArray(), 1e-5);
        Close(fitDense.FixedEffects.Select(f => f.StdError).ToArray(), fitSparse.FixedEffects.Select(f => f.StdError).ToArray(), 1e-5);
    }

    [Fact]
    public void Automatic_chooses_sparse_for_a_locally_crossed_design_and_dense_for_a_crossed_one()
    {
        var local = Schools(pupils: 3000, pupilsPerSchool: 10, neighbourhoods: 250, seed: 5);
        var model = new LinearMixedModel(local);
        Assert.Equal(TrailingFactorKind.Sparse, model.Factor.Kind);
        Assert.True(model.Factor.CrossProduct.SparseTrailing!.Symbolic.MultiplyAdds < SparseTrailing.CrossoverFraction * Math.Pow(model.Factor.TrailingSize, 3) / 6);

        // 600 levels of g2, each met by ~60 of the 300 levels of g1 at random: fully crossed after eliminating g1.
        var random = new Random(2);
        int n = 18000;
        var g1 = Enumerable.Range(0, n).Select(i => i % 300).ToArray();
        var g2 = Enumerable.Range(0, n).Select(_ => random.Next(600)).ToArray();
        var ones = HandBuiltDesigns.Ones(n);
        var crossed = HandBuiltDesigns.Design("y ~ 1 + (1 | g1) + (1 | g2)", Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray(),
            new[] { ("(Intercept)", ones) },
            HandBuiltDesigns.Term("g1", (g1, Labels("a", 300)), ("(Intercept)", ones)),
            HandBuiltDesigns.Term("g2", (g2, Labels("b", 600)), ("(Intercept)", ones)));
        Assert.Equal(TrailingFactorKind.Dense, new LinearMixedModel(crossed).Factor.Kind);
        // InstEval (lecturers crossed with students) keeps the dense path and its numbers.
        Assert.Equal(TrailingFactorKind.Dense, new LinearMixedModel(HandBuiltDesigns.InstEval()).Factor.Kind);
    }

    [Fact]
    public void The_sparse_kind_gives_the_same_bits_on_one_and_two_threads()
    {
        var design = Schools(pupils: 3000, pupilsPerSchool: 10, neighbourhoods: 250, seed: 7);
        var one = new LinearMixedModel(design, new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse, MaxThreads = 1 });
        var two = new LinearMixedModel(design, new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse, MaxThreads = 2 });
        var theta = new[] { 0.7, 1.2, 0.5 };
        Assert.Equal(one.Objective(theta, EstimationMethod.REML), two.Objective(theta, EstimationMethod.REML));
        Assert.Equal(one.Factor.SparseTrailing!.Cholesky.Values, two.Factor.SparseTrailing!.Cholesky.Values);
        Assert.Equal(ConditionalVariances.Compute(one, theta, 1.0)[0], ConditionalVariances.Compute(two, theta, 1.0)[0]);
    }

    [Fact]
    public void A_new_response_on_the_sparse_kind_equals_a_model_built_with_it()
    {
        var design = Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 11);
        var model = new LinearMixedModel(design, Sparse);
        var y = design.Response.Select((v, i) => v + 0.01 * (i % 13)).ToArray();
        model.SetResponse(y);
        var fresh = new LinearMixedModel(model.Design, Sparse);
        var theta = new[] { 0.9, 0.8, 1.3 };
        Assert.Equal(fresh.Objective(theta, EstimationMethod.ML), model.Objective(theta, EstimationMethod.ML));
    }

    [Fact]
    public void Dense_only_features_refuse_the_sparse_kind_with_a_reason_and_vector_terms_cannot_be_forced_sparse()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Penicillin(), Sparse);
        model.Objective(new[] { 1.0, 1.0 }, EstimationMethod.REML);
        var e = Assert.Throws<LmmException>(() => model.LevelBlocks);
        Assert.Equal("SparseFactorUnsupported", e.ErrorId);
        Assert.Contains("level blocks", e.Message);
        var sleep = HandBuiltDesigns.Sleepstudy(uncorrelated: true);
        Assert.Equal("SparseFactorUnsupported", Assert.Throws<LmmException>(() => new LinearMixedModel(HandBuiltDesigns.Dyestuff(), Sparse)).ErrorId);
        // (0 + Days | Subject) has one column, so the uncorrelated sleepstudy model can be sparse.
        Assert.Equal(TrailingFactorKind.Sparse, new LinearMixedModel(sleep, Sparse).Factor.Kind);
    }
}
