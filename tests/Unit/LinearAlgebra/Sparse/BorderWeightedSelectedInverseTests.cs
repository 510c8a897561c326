using LmmPS.Core.LinearAlgebra.Sparse;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra.Sparse;

/// <summary>S = L^-T W L^-1 with a diagonal W and a dense symmetric block on the border kept last (a prior's weight on
/// the [X y] rows), on the pattern of L, against the same product formed densely with MathNet.</summary>
public class BorderWeightedSelectedInverseTests
{
    public static IEnumerable<object[]> Designs() => SparseTestMatrices.Designs();

    [Theory]
    [MemberData(nameof(Designs))]
    public void Matches_the_dense_product_on_the_pattern_of_L(string design)
    {
        const int border = 3;
        var leading = SparseTestMatrices.Pattern(design);
        var pattern = leading.WithDenseBorder(border);
        var values = SparseTestMatrices.Values(pattern, seed: 29);
        var symbolic = SymbolicCholesky.AnalyzeWithBorder(pattern, leading, border);
        var factor = new SupernodalCholesky(symbolic);
        Assert.True(factor.TryFactor(values));
        int n = pattern.Order;
        var random = new Random(5);
        var weights = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        // A symmetric, indefinite border block: the recurrence is linear in W, so nothing may assume W >= 0 there.
        var block = new double[border * border];
        for (int c = 0; c < border; c++)
            for (int r = c; r < border; r++)
                block[c * border + r] = block[r * border + c] = random.NextDouble() * 2 - 1;
        var z = SelectedInverse.Compute(factor, weights, block);

        // Dense: A in the factored order (the border last), its Cholesky factor, S = Linv' W Linv.
        var a = SparseTestMatrices.Dense(pattern, values, symbolic.Ordering);
        var linv = a.Cholesky().Factor.Inverse();
        var w = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n - border; j++) w[j, j] = weights[j];
        for (int c = 0; c < border; c++)
            for (int r = 0; r < border; r++)
                w[n - border + r, n - border + c] = block[c * border + r];
        var s = linv.Transpose() * w * linv;
        double scale = s.Diagonal().AbsoluteMaximum();
        for (int sn = 0; sn < symbolic.SupernodeCount; sn++)
            for (int j = symbolic.First[sn]; j < symbolic.First[sn + 1]; j++)
                for (int k = symbolic.RowStarts[sn] + (j - symbolic.First[sn]); k < symbolic.RowStarts[sn + 1]; k++)
                {
                    int i = symbolic.RowIndices[k];
                    double got = SelectedInverse.Entry(factor, z, symbolic.Ordering[i], symbolic.Ordering[j]);
                    Assert.True(Math.Abs(got - s[i, j]) <= 1e-11 * scale, $"{design}: S[{i},{j}] = {got}, dense {s[i, j]}");
                }
    }
}
