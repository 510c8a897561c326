using LmmPS.Core.Common;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Gradients;

/// <summary>The score with respect to D for the random-effects-only model of seeds/000 (y_i = Z_i b_i + e_i,
/// b_i ~ N(0, sigma^2 D), Z_i = [1, x_i]) against the seed's profiled log-likelihood computed here directly with dense
/// n_i x n_i matrices, against the reference file's profiled_loglik_points, and against the closed form derived in
/// docs/gradient.md.</summary>
public class CovarianceScoreTests
{
    private static readonly Lazy<Groups> Data = new(() => new Groups());

    public static TheoryData<string> Labels => new() { "D_true", "D_hat", "D_other" };

    [Theory]
    [MemberData(nameof(Labels))]
    public void Seed_formula_and_our_objective_give_the_reference_profiled_loglik(string label)
    {
        var (d, theta, lp) = Point(label);
        // The test's own l_p(D) (the seed's formula) reproduces the reference: the finite differences below use it.
        Assert.Equal(lp, Data.Value.ProfiledLogLik(d), 9);
        // Ours: the reference's convention, full profiled ML deviance = -2 l_p + n (1 + log 2 pi - log n).
        int n = Data.Value.N;
        double deviance = new LinearMixedModel(HandBuiltDesigns.RanefOnly()).Objective(theta, EstimationMethod.ML);
        Assert.Equal(lp, -(deviance - n * (1 + Math.Log(2 * Math.PI) - Math.Log(n))) / 2, 8);
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Score_matches_finite_differences_of_the_seed_profiled_loglik(string label)
    {
        var (d, theta, _) = Point(label);
        var score = new LinearMixedModel(HandBuiltDesigns.RanefOnly()).ScoreWithRespectToD(theta, EstimationMethod.ML, 0);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c <= r; c++)
            {
                // One parameter per distinct element: D_rc and D_cr move together.
                const double h = 1e-5;
                var plus = (double[,])d.Clone();
                var minus = (double[,])d.Clone();
                plus[r, c] += h; minus[r, c] -= h;
                if (r != c) { plus[c, r] += h; minus[c, r] -= h; }
                double fd = (Data.Value.ProfiledLogLik(plus) - Data.Value.ProfiledLogLik(minus)) / (2 * h);
                // Rounding noise of the difference: |l_p| ~ 1.2e3, eps |l_p| / h ~ 3e-8.
                Assert.True(Math.Abs(score[r, c] - fd) <= 1e-6 * Math.Abs(fd) + 1e-6,
                    $"{label} dl/dD[{r},{c}]: analytic {score[r, c]:R}, finite difference {fd:R}");
                Assert.Equal(score[r, c], score[c, r]);
            }
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Score_matches_the_closed_form(string label)
    {
        var (d, theta, _) = Point(label);
        var score = new LinearMixedModel(HandBuiltDesigns.RanefOnly()).ScoreWithRespectToD(theta, EstimationMethod.ML, 0);
        var closed = Data.Value.ClosedFormScore(d);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
                Assert.True(Math.Abs(score[r, c] - closed[r, c]) <= 1e-8 * Math.Abs(closed[r, c]) + 1e-9,
                    $"{label} [{r},{c}]: ours {score[r, c]:R}, closed form {closed[r, c]:R}");
    }

    [Fact]
    public void Score_is_zero_at_the_maximum()
    {
        var (_, theta, _) = Point("D_hat");
        var score = new LinearMixedModel(HandBuiltDesigns.RanefOnly()).ScoreWithRespectToD(theta, EstimationMethod.ML, 0);
        // lme4's D_hat is its optimum to ~1e-6 in theta; at D_true the score is ~10 (see the finite-difference test).
        foreach (var v in score)
            Assert.True(Math.Abs(v) < 1e-3, $"score {v} at the maximum");
    }

    [Fact]
    public void Score_is_undefined_on_the_boundary()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.RanefOnly());
        var e = Assert.Throws<LmmException>(() => model.ScoreWithRespectToD(new[] { 1.0, 0.2, 0.0 }, EstimationMethod.ML, 0));
        Assert.Equal("ScoreUndefinedAtBoundary", e.ErrorId);
        Assert.Contains("'g'", e.Message);
        Assert.Contains("diagonal element 2", e.Message);
    }

    [Fact]
    public void Score_names_the_terms_for_a_bad_term_index()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.RanefOnly());
        var e = Assert.Throws<LmmException>(() => model.ScoreWithRespectToD(new[] { 1.0, 0.2, 0.5 }, EstimationMethod.ML, 1));
        Assert.Equal("InvalidTermIndex", e.ErrorId);
        Assert.Contains("has 1 random-effects term(s), numbered 0 to 0 (g)", e.Message);
    }

    [Fact]
    public void Score_of_a_later_term_uses_its_own_template()
    {
        // Penicillin: two scalar terms; d l / d D for a scalar term is -(1/2) (df/dtheta) / (2 theta).
        var model = new LinearMixedModel(HandBuiltDesigns.Penicillin());
        var theta = new[] { 1.2, 2.1 };
        var g = model.Gradient(theta, EstimationMethod.REML);
        var score = model.ScoreWithRespectToD(theta, EstimationMethod.REML, 1);
        Assert.Equal(-0.5 * g[1] / (2 * 2.1), score[0, 0], 12);
    }

    private static (double[,] D, double[] Theta, double LogLik) Point(string label)
    {
        using var doc = TestData.Reference("ranef_only_ML.json");
        var p = doc.RootElement.GetProperty("profiled_loglik_points").EnumerateArray().First(e => e.GetProperty("label").GetString() == label);
        var rows = p.GetProperty("D").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var d = new double[2, 2];
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
                d[r, c] = rows[r][c];
        return (d, p.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray(), p.GetProperty("l_p").GetDouble());
    }

    /// <summary>ranef_only_sim.csv split by group: y_i and Z_i = [1, x_i].</summary>
    private sealed class Groups
    {
        private readonly List<(Matrix<double> Z, Vector<double> Y)> _groups = new();

        public Groups()
        {
            const string f = "data/ranef_only_sim.csv";
            var y = HandBuiltDesigns.Numeric(f, "y");
            var x = HandBuiltDesigns.Numeric(f, "x");
            var (g, levels) = HandBuiltDesigns.Factor(f, "g");
            N = y.Length;
            for (int l = 0; l < levels.Length; l++)
            {
                var rows = Enumerable.Range(0, N).Where(i => g[i] == l).ToArray();
                var z = Matrix<double>.Build.Dense(rows.Length, 2, (i, j) => j == 0 ? 1.0 : x[rows[i]]);
                _groups.Add((z, Vector<double>.Build.Dense(rows.Select(i => y[i]).ToArray())));
            }
        }

        public int N { get; }

        /// <summary>The seed's l_p(D) = -1/2 { n log[sum_i y_i' V_i^-1 y_i] + sum_i log det V_i }, V_i = I + Z_i D Z_i'.</summary>
        public double ProfiledLogLik(double[,] d)
        {
            var dm = Matrix<double>.Build.DenseOfArray(d);
            double quadratic = 0, logDet = 0;
            foreach (var (z, y) in _groups)
            {
                var v = Matrix<double>.Build.DenseIdentity(z.RowCount) + z * dm * z.Transpose();
                var chol = v.Cholesky();
                quadratic += y * chol.Solve(y);
                logDet += chol.DeterminantLn;
            }
            return -0.5 * (N * Math.Log(quadratic) + logDet);
        }

        /// <summary>docs/gradient.md: dl_p = tr(G dD) with G = 1/2 sum_i Z_i' V_i^-1 (y_i y_i' / s2 - V_i) V_i^-1 Z_i,
        /// s2 = sum_i y_i' V_i^-1 y_i / n; one parameter per distinct element doubles the off-diagonals.</summary>
        public double[,] ClosedFormScore(double[,] d)
        {
            var dm = Matrix<double>.Build.DenseOfArray(d);
            double quadratic = 0;
            var parts = new List<(Matrix<double> Z, Matrix<double> VinvZ, Vector<double> ZtVinvY)>();
            foreach (var (z, y) in _groups)
            {
                var v = Matrix<double>.Build.DenseIdentity(z.RowCount) + z * dm * z.Transpose();
                var vinvY = v.Solve(y);
                quadratic += y * vinvY;
                parts.Add((z, v.Solve(z), z.Transpose() * vinvY));
            }
            double s2 = quadratic / N;
            var g = Matrix<double>.Build.Dense(2, 2);
            foreach (var (z, vinvZ, ztVinvY) in parts)
                g += 0.5 * (ztVinvY.OuterProduct(ztVinvY) / s2 - z.Transpose() * vinvZ);
            var score = g.ToArray();
            score[0, 1] *= 2;
            score[1, 0] *= 2;
            return score;
        }
    }
}
