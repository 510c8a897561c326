using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace LmmPS.Tests.Fitting;

/// <summary>The average-information Hessian approximation (AverageInformation + CovarianceBracket) against its
/// formula evaluated densely with the n x n marginal covariance (no factor, no gradient), and against finite
/// differences of the analytic gradient at lme4's optimum, where the approximation is meant to be close.</summary>
public class AverageInformationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "sleepstudy_uncorr_REML.json", "Penicillin_ML.json",
        "Penicillin_REML.json", "Pastes_REML.json", "ranef_only_ML.json", "Dyestuff_REML.json",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_its_formula_computed_with_the_dense_marginal_covariance(string file)
    {
        var design = DevfunPointTests.DesignFor(file);
        var model = new LinearMixedModel(design);
        var optimum = ReferenceTheta(file);
        var start = model.DefaultStartTheta.ToArray();
        // The reference optimum, lme4's start, and a point with a negative off-diagonal and a small diagonal.
        var skewed = optimum.Select((v, i) => model.ThetaLower[i] == 0 ? 0.3 * v + 0.05 : v - 0.4).ToArray();
        foreach (var theta in new[] { optimum, start, skewed })
            foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            {
                var gradient = model.Gradient(theta, method);
                model.Factor.Update(theta);
                var actual = AverageInformation.Compute(model, theta, method, gradient);
                var expected = DenseFormula(design, theta, method);
                double scale = MaxAbs(expected);
                for (int i = 0; i < theta.Length; i++)
                    for (int j = 0; j < theta.Length; j++)
                    {
                        output.WriteLine($"{file} {method} theta ({string.Join(", ", theta.Select(v => v.ToString("G4")))}) [{i},{j}] ours {actual[i, j]:R} dense {expected[i, j]:R}");
                        Assert.True(Math.Abs(actual[i, j] - expected[i, j]) <= 1e-8 * scale,
                            $"{file} {method} [{i},{j}]: {actual[i, j]:R} against {expected[i, j]:R}");
                    }
            }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_within_two_percent_of_the_finite_difference_Hessian_at_the_optimum(string file)
    {
        var design = DevfunPointTests.DesignFor(file);
        var model = new LinearMixedModel(design);
        var theta = ReferenceTheta(file);
        var method = file.Contains("_ML") ? EstimationMethod.ML : EstimationMethod.REML;
        var (approximation, differences, relative) = AgainstFiniteDifferences(model, theta, method);
        output.WriteLine($"{file}: approximation\n{approximation}\nfinite differences\n{differences}\nrelative Frobenius distance {relative:E2}");
        Assert.True(relative < 0.02, $"{file}: relative distance {relative:E2}");
    }

    /// <summary>The approximation at theta, the central differences of the analytic gradient, and their relative
    /// Frobenius distance.</summary>
    internal static (Matrix<double> Approximation, Matrix<double> Differences, double Relative) AgainstFiniteDifferences(
        LinearMixedModel model, double[] theta, EstimationMethod method)
    {
        var gradient = model.Gradient(theta, method);
        model.Factor.Update(theta);
        var approximation = Matrix<double>.Build.DenseOfArray(AverageInformation.Compute(model, theta, method, gradient));
        var differences = Matrix<double>.Build.Dense(theta.Length, theta.Length);
        for (int j = 0; j < theta.Length; j++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[j]));
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            var up = model.Gradient(plus, method);
            var down = model.Gradient(minus, method);
            for (int i = 0; i < theta.Length; i++) differences[i, j] = (up[i] - down[i]) / (2 * h);
        }
        return (approximation, differences, (approximation - differences).FrobeniusNorm() / differences.FrobeniusNorm());
    }

    private static double[] ReferenceTheta(string file)
    {
        using var doc = TestData.Reference(file);
        return doc.RootElement.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
    }

    private static double MaxAbs(double[,] a)
    {
        double m = 0;
        foreach (double v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }

    /// <summary>N/r2 (Q - g g'/r2) plus, per term and template column, the positive part of the bracket
    /// tr(P V_ij) - N/r2 r~'V_ij r~, all from V0 = I + Z Lambda Lambda' Z' formed densely.</summary>
    private static double[,] DenseFormula(ModelDesign design, double[] theta, EstimationMethod method)
    {
        var build = Matrix<double>.Build;
        int n = design.RowCount, p = design.FixedEffectCount;
        var terms = design.RandomTerms;
        int q = terms.Sum(t => t.Size);
        var z = build.Dense(n, q);
        var termOffset = new int[terms.Count];
        for (int k = 0, offset = 0; k < terms.Count; offset += terms[k].Size, k++)
        {
            termOffset[k] = offset;
            int kk = terms[k].ColumnCount;
            for (int i = 0; i < n; i++)
                for (int c = 0; c < kk; c++)
                    z[i, offset + terms[k].LevelIndex[i] * kk + c] = terms[k].Z[i * kk + c];
        }

        // theta element -> (term, row, column) of its template, lme4's column-by-column order.
        var elements = new List<(int Term, int Row, int Column)>();
        for (int k = 0; k < terms.Count; k++)
            for (int c = 0; c < terms[k].ColumnCount; c++)
                for (int r = c; r < terms[k].ColumnCount; r++)
                    elements.Add((k, r, c));

        // Lambda (q x q, block diagonal) and E_i = dLambda/dtheta_i.
        Matrix<double> Lambda(Func<int, double> value)
        {
            var lambda = build.Dense(q, q);
            for (int e = 0; e < elements.Count; e++)
            {
                var (k, r, c) = elements[e];
                int kk = terms[k].ColumnCount;
                for (int l = 0; l < terms[k].LevelCount; l++)
                    lambda[termOffset[k] + l * kk + r, termOffset[k] + l * kk + c] = value(e);
            }

            return lambda;
        }

        var lambdaAt = Lambda(e => theta[e]);
        var unit = elements.Select((_, i) => Lambda(e => e == i ? 1.0 : 0.0)).ToArray();
        var v0 = build.DenseIdentity(n) + z * lambdaAt * lambdaAt.Transpose() * z.Transpose();
        var v0Inverse = v0.Inverse();
        var x = build.Dense(n, p, (i, j) => design.X[j * n + i]);
        var y = Vector<double>.Build.DenseOfArray(design.Response);
        var p0 = v0Inverse - v0Inverse * x * (x.Transpose() * v0Inverse * x).Inverse() * x.Transpose() * v0Inverse;
        var trace = method == EstimationMethod.ML ? v0Inverse : p0;
        var residual = p0 * y;
        double r2 = y * p0 * y;
        double weight = (method == EstimationMethod.ML ? n : n - p) / r2;

        int count = elements.Count;
        var u = unit.Select(e => z * (e * lambdaAt.Transpose() + lambdaAt * e.Transpose()) * z.Transpose() * residual).ToArray();
        var g = u.Select(ui => residual * ui).ToArray();
        var result = new double[count, count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++)
                result[i, j] = weight * (u[i] * p0 * u[j] - g[i] * g[j] / r2);

        // The bracket, per term and template column; nothing for a term with a zero on its template diagonal.
        for (int k = 0; k < terms.Count; k++)
        {
            int kk = terms[k].ColumnCount;
            if (elements.Where(e => e.Term == k && e.Row == e.Column).Any(e => theta[elements.IndexOf(e)] == 0)) continue;
            for (int c = 0; c < kk; c++)
            {
                var members = Enumerable.Range(0, count).Where(i => elements[i].Term == k && elements[i].Column == c).ToArray();
                var bracket = build.Dense(members.Length, members.Length, (a, b) =>
                {
                    var vij = z * (unit[members[a]] * unit[members[b]].Transpose() + unit[members[b]] * unit[members[a]].Transpose()) * z.Transpose();
                    return (trace * vij).Trace() - weight * (residual * vij * residual);
                });
                var evd = bracket.Evd(Symmetricity.Symmetric);
                var clipped = evd.EigenVectors * build.DiagonalOfDiagonalVector(evd.EigenValues.Map(v => Math.Max(0, v.Real))) * evd.EigenVectors.Transpose();
                for (int a = 0; a < members.Length; a++)
                    for (int b = 0; b < members.Length; b++)
                        result[members[a], members[b]] += clipped[a, b];
            }
        }

        return result;
    }
}
