using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Tests.LinearAlgebra.Sparse;

/// <summary>The symbolic analysis against the non-zeros of MathNet's dense factor of the reordered matrix (random
/// values, so no entry of the filled pattern cancels): the elimination tree is the first off-diagonal non-zero of
/// each column, the column counts are each column's non-zeros; and the minimum-degree ordering fills no more
/// than the natural order on any test pattern.</summary>
public class SymbolicAnalysisTests
{
    public static IEnumerable<object[]> Designs() => SparseTestMatrices.Designs();

    [Theory]
    [MemberData(nameof(Designs))]
    public void CountsAndTreeMatchTheNumericFactor(string design)
    {
        foreach (var ordering in new[] { FillOrdering.Natural, FillOrdering.ApproximateMinimumDegree })
        {
            var pattern = SparseTestMatrices.Pattern(design);
            var values = SparseTestMatrices.Values(pattern, seed: 17);
            var symbolic = SymbolicCholesky.Analyze(pattern, ordering);
            var l = SparseTestMatrices.Dense(pattern, values, symbolic.Ordering).Cholesky().Factor;
            int n = pattern.Order;
            long total = 0;
            for (int j = 0; j < n; j++)
            {
                int count = 0, parent = -1;
                for (int i = j; i < n; i++)
                    if (l[i, j] != 0.0)
                    {
                        count++;
                        if (i > j && parent < 0) parent = i;
                    }
                Assert.Equal(count, symbolic.ColumnCounts[j]);
                Assert.Equal(parent, symbolic.Parent[j]);
                total += count;
            }
            Assert.Equal(total, symbolic.Nonzeros);
            // Every supernode's block holds at least its columns' non-zeros.
            Assert.True(symbolic.StoredEntries >= total);
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void MinimumDegreeFillsNoMoreThanTheNaturalOrder(string design)
    {
        var pattern = SparseTestMatrices.Pattern(design);
        var natural = SymbolicCholesky.Analyze(pattern, FillOrdering.Natural);
        var amd = SymbolicCholesky.Analyze(pattern, FillOrdering.ApproximateMinimumDegree);
        Assert.True(amd.Nonzeros <= natural.Nonzeros, $"{design}: AMD {amd.Nonzeros} non-zeros, natural order {natural.Nonzeros}");
        Assert.Equal(Enumerable.Range(0, pattern.Order), amd.Ordering.OrderBy(i => i));
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void BestKeepsTheSparserOfTheTwoOrderings(string design)
    {
        var pattern = SparseTestMatrices.Pattern(design);
        long natural = SymbolicCholesky.Analyze(pattern, FillOrdering.Natural).Nonzeros;
        long amd = SymbolicCholesky.Analyze(pattern, FillOrdering.ApproximateMinimumDegree).Nonzeros;
        var best = SymbolicCholesky.Analyze(pattern, FillOrdering.Best);
        Assert.Equal(Math.Min(natural, amd), best.Nonzeros);
        // And its counts are still the numeric factor's (random values: no cancellation).
        var l = SparseTestMatrices.Dense(pattern, SparseTestMatrices.Values(pattern, seed: 23), best.Ordering).Cholesky().Factor;
        long numeric = 0;
        for (int j = 0; j < pattern.Order; j++)
            for (int i = j; i < pattern.Order; i++)
                if (l[i, j] != 0.0) numeric++;
        Assert.Equal(numeric, best.Nonzeros);
    }

    [Fact]
    public void MinimumDegreeOnAGridIsFarBelowTheNaturalBandwidth()
    {
        // A 30 x 30 mesh in row order fills its band: about n * 30 non-zeros. Minimum degree orderings on meshes
        // stay within a small factor of nested dissection's O(n log n) (George and Liu 1989); at n = 900 that is
        // well under half the band.
        var entries = new List<(int, int)>();
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 30; x++)
            {
                if (x + 1 < 30) entries.Add((y * 30 + x, y * 30 + x + 1));
                if (y + 1 < 30) entries.Add((y * 30 + x, (y + 1) * 30 + x));
            }
        var pattern = SymmetricPattern.FromEntries(900, entries);
        var natural = SymbolicCholesky.Analyze(pattern, FillOrdering.Natural);
        var amd = SymbolicCholesky.Analyze(pattern, FillOrdering.ApproximateMinimumDegree);
        Assert.True(amd.Nonzeros < natural.Nonzeros / 2, $"AMD {amd.Nonzeros}, natural {natural.Nonzeros}");
    }

    [Fact]
    public void NestedLevelsNeedNoFill()
    {
        // (1|school) + (1|district) after eliminating schools: each school in one district, so the trailing
        // pattern is diagonal and so is its factor; with classes in schools it is a forest with no fill.
        var cliques = Enumerable.Range(0, 400).Select(c => new[] { c % 100, 100 + (c % 100) / 5 }).ToList();
        var pattern = SymmetricPattern.FromCliques(120, cliques);
        var symbolic = SymbolicCholesky.Analyze(pattern);
        Assert.Equal(pattern.Count, symbolic.Nonzeros);
    }

    [Fact]
    public void PatternRejectsMalformedColumns()
    {
        Assert.Throws<ArgumentException>(() => new SymmetricPattern(2, new[] { 0, 1, 2 }, new[] { 1, 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricPattern.FromCliques(3, new[] { new[] { 0, 3 } }));
    }
}
