using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Tests.LinearAlgebra.Sparse;

/// <summary>The selected inverse (Takahashi recurrence on the supernodes) against MathNet's dense inverse, on every
/// position the factor stores (the pattern of L, plus the explicit zeros of relaxed supernodes).</summary>
public class SelectedInverseTests
{
    public static IEnumerable<object[]> Designs() => SparseTestMatrices.Designs();

    [Theory]
    [MemberData(nameof(Designs))]
    public void MatchesTheDenseInverseOnThePatternOfL(string design)
    {
        foreach (bool relaxed in new[] { false, true })
        {
            var pattern = SparseTestMatrices.Pattern(design);
            var values = SparseTestMatrices.Values(pattern, seed: 13);
            var symbolic = SymbolicCholesky.Analyze(pattern, FillOrdering.ApproximateMinimumDegree, relaxed);
            var factor = new SupernodalCholesky(symbolic);
            Assert.True(factor.TryFactor(values));
            var z = SelectedInverse.Compute(factor);
            var inverse = SparseTestMatrices.Dense(pattern, values).Inverse();
            double scale = inverse.Diagonal().AbsoluteMaximum();
            int checkedEntries = 0;
            for (int s = 0; s < symbolic.SupernodeCount; s++)
                for (int j = symbolic.First[s]; j < symbolic.First[s + 1]; j++)
                    for (int k = symbolic.RowStarts[s] + (j - symbolic.First[s]); k < symbolic.RowStarts[s + 1]; k++)
                    {
                        int i = symbolic.RowIndices[k];
                        int oi = symbolic.Ordering[i], oj = symbolic.Ordering[j];
                        double got = SelectedInverse.Entry(factor, z, oi, oj), want = inverse[oi, oj];
                        Assert.True(Math.Abs(got - want) <= 1e-12 * scale, $"{design} (relaxed {relaxed}): Z[{oi},{oj}] = {got}, dense inverse {want}");
                        checkedEntries++;
                    }
            Assert.True(checkedEntries >= symbolic.Nonzeros);
            var diagonal = SelectedInverse.Diagonal(factor, z);
            for (int i = 0; i < pattern.Order; i++)
                Assert.True(Math.Abs(diagonal[i] - inverse[i, i]) <= 1e-12 * scale);
        }
    }
}
