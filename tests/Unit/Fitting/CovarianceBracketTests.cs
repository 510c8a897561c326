using LmmPS.Core.Design;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Fitting;

/// <summary>CovarianceBracket recovers each term's symmetric C from the gradient (df/dtheta_(r,c) = 2 (C T)[r, c])
/// and adds the positive part of 2 C per template column. Checked against C found by a general linear solve of
/// those equations and the positive part from a full eigen-decomposition, for random templates and gradients
/// (k = 1, 2 with its closed form, 3), so that mixed-sign, positive and negative blocks all occur.</summary>
public class CovarianceBracketTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Adds_the_positive_part_of_the_bracket_recovered_from_the_gradient(int k)
    {
        var random = new Random(20261122 + k);
        var layout = new ThetaLayout(new[] { Term(k) });
        int count = k * (k + 1) / 2;
        int mixed = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var theta = new double[count];
            for (int i = 0, index = 0; i < k; i++)
                for (int r = i; r < k; r++, index++)
                    theta[index] = r == i ? 0.2 + 2 * random.NextDouble() : random.NextDouble() - 0.5;
            var gradient = Enumerable.Range(0, count).Select(_ => 4 * random.NextDouble() - 2).ToArray();
            var actual = new double[count, count];
            CovarianceBracket.AddPositivePart(layout, theta, gradient, actual);

            var expected = Expected(k, theta, gradient, ref mixed);
            for (int i = 0; i < count; i++)
                for (int j = 0; j < count; j++)
                    Assert.True(Math.Abs(actual[i, j] - expected[i, j]) <= 1e-9 * (1 + Math.Abs(expected[i, j])),
                        $"k = {k}, trial {trial}, [{i},{j}]: {actual[i, j]:R} against {expected[i, j]:R}");
        }

        if (k > 1) Assert.True(mixed > 10, $"only {mixed} blocks with eigenvalues of both signs");
    }

    [Fact]
    public void A_zero_on_the_template_diagonal_adds_nothing()
    {
        var layout = new ThetaLayout(new[] { Term(2) });
        var hessian = new double[3, 3];
        CovarianceBracket.AddPositivePart(layout, new[] { 1.0, 0.3, 0.0 }, new[] { 1.0, 2.0, 3.0 }, hessian);
        Assert.All(hessian.Cast<double>(), v => Assert.Equal(0.0, v));
    }

    private static RandomEffectsTerm Term(int k) =>
        new("g", new[] { "a" }, new[] { 0 }, k, new double[k], Enumerable.Range(0, k).Select(c => "x" + c).ToArray());

    /// <summary>C from the k(k+1)/2 equations 2 (C T)[r, c] = gradient_(r,c) by a dense solve, then per column c the
    /// eigenvalues of 2 C[c:, c:] clipped at 0.</summary>
    private static double[,] Expected(int k, double[] theta, double[] gradient, ref int mixed)
    {
        var t = new double[k, k];
        var elements = new List<(int Row, int Column)>();
        for (int c = 0, index = 0; c < k; c++)
            for (int r = c; r < k; r++, index++)
            {
                t[r, c] = theta[index];
                elements.Add((r, c));
            }

        // Unknown u_e = C[row_e, column_e] (= C[column_e, row_e]); equation for (r, c): 2 sum_s C[r, s] T[s, c].
        int count = elements.Count;
        var system = Matrix<double>.Build.Dense(count, count);
        for (int eq = 0; eq < count; eq++)
        {
            var (r, c) = elements[eq];
            for (int s = 0; s < k; s++)
            {
                int unknown = elements.FindIndex(e => e.Row == Math.Max(r, s) && e.Column == Math.Min(r, s));
                system[eq, unknown] += 2 * t[s, c];
            }
        }

        var solution = system.Solve(Vector<double>.Build.DenseOfArray(gradient));
        var cMatrix = Matrix<double>.Build.Dense(k, k, (i, j) => solution[elements.FindIndex(e => e.Row == Math.Max(i, j) && e.Column == Math.Min(i, j))]);

        var result = new double[count, count];
        for (int column = 0; column < k; column++)
        {
            var members = Enumerable.Range(0, count).Where(e => elements[e].Column == column).ToArray();
            var block = Matrix<double>.Build.Dense(members.Length, members.Length, (a, b) => 2 * cMatrix[elements[members[a]].Row, elements[members[b]].Row]);
            var evd = block.Evd(Symmetricity.Symmetric);
            var values = evd.EigenValues.Select(v => v.Real).ToArray();
            if (values.Min() < 0 && values.Max() > 0) mixed++;
            var clipped = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalArray(values.Select(v => Math.Max(0, v)).ToArray()) * evd.EigenVectors.Transpose();
            for (int a = 0; a < members.Length; a++)
                for (int b = 0; b < members.Length; b++)
                    result[members[a], members[b]] = clipped[a, b];
        }

        return result;
    }
}
