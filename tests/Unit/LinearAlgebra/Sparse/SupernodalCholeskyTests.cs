using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra.Sparse;

/// <summary>The supernodal factor, its solves and log-determinant against MathNet's dense Cholesky of the same
/// (reordered) matrix, on patterns shaped like nested, crossed and partially crossed designs.</summary>
public class SupernodalCholeskyTests
{
    public static IEnumerable<object[]> Designs() => SparseTestMatrices.Designs();

    [Theory]
    [MemberData(nameof(Designs))]
    public void FactorMatchesDenseCholeskyOfTheReorderedMatrix(string design)
    {
        foreach (bool relaxed in new[] { false, true })
        {
            var pattern = SparseTestMatrices.Pattern(design);
            var values = SparseTestMatrices.Values(pattern, seed: 7);
            var symbolic = SymbolicCholesky.Analyze(pattern, FillOrdering.ApproximateMinimumDegree, relaxed);
            var factor = new SupernodalCholesky(symbolic);
            Assert.True(factor.TryFactor(values));

            var expected = SparseTestMatrices.Dense(pattern, values, symbolic.Ordering).Cholesky().Factor;
            int n = pattern.Order;
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++)
                    Assert.True(Math.Abs(factor.Entry(i, j) - expected[i, j]) <= 1e-12 * (1 + Math.Abs(expected[i, j])),
                        $"{design} (relaxed {relaxed}): L[{i},{j}] = {factor.Entry(i, j)}, MathNet {expected[i, j]}");
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void SolveAndLogDeterminantMatchDense(string design)
    {
        var pattern = SparseTestMatrices.Pattern(design);
        var values = SparseTestMatrices.Values(pattern, seed: 11);
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyze(pattern));
        Assert.True(factor.TryFactor(values));
        var dense = SparseTestMatrices.Dense(pattern, values);
        var random = new Random(3);
        var b = Enumerable.Range(0, pattern.Order).Select(_ => random.NextDouble() - 0.5).ToArray();
        var expected = dense.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b));
        var x = (double[])b.Clone();
        factor.Solve(x);
        double error = Vector<double>.Build.DenseOfArray(x).Subtract(expected).L2Norm() / expected.L2Norm();
        Assert.True(error <= 1e-12, $"{design}: relative solve error {error}");

        double logDet = dense.Cholesky().DeterminantLn;
        Assert.True(Math.Abs(factor.LogDeterminant() - logDet) <= 1e-12 * Math.Abs(logDet), $"{design}: log det {factor.LogDeterminant()}, MathNet {logDet}");
    }

    [Fact]
    public void RefactorsNewValuesOnTheSamePattern()
    {
        var pattern = SparseTestMatrices.Pattern("partially-crossed");
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyze(pattern));
        foreach (int seed in new[] { 1, 2 })
        {
            var values = SparseTestMatrices.Values(pattern, seed);
            Assert.True(factor.TryFactor(values));
            double logDet = SparseTestMatrices.Dense(pattern, values).Cholesky().DeterminantLn;
            Assert.True(Math.Abs(factor.LogDeterminant() - logDet) <= 1e-12 * Math.Abs(logDet));
        }
    }

    [Fact]
    public void ReportsAMatrixThatIsNotPositiveDefinite()
    {
        var pattern = SparseTestMatrices.Pattern("grid");
        var values = SparseTestMatrices.Values(pattern, seed: 5);
        // A negative diagonal entry: no Cholesky factor exists (MathNet agrees).
        values[pattern.ColumnStarts[100]] = -1.0;
        Assert.ThrowsAny<ArgumentException>(() => SparseTestMatrices.Dense(pattern, values).Cholesky());
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyze(pattern));
        Assert.False(factor.TryFactor(values));
        Assert.True(factor.FailedColumn >= 0);
    }

    [Fact]
    public void SameBitsOnOneAndTwoThreads()
    {
        // Crossed levels with enough of them that the supernodes' updates pass the kernels' parallel threshold.
        var random = new Random(9);
        var cliques = Enumerable.Range(0, 3000).Select(_ => new[] { random.Next(400), 400 + random.Next(300), 700 + random.Next(200) }).ToList();
        var pattern = SymmetricPattern.FromCliques(900, cliques);
        var values = SparseTestMatrices.Values(pattern, seed: 4);
        var symbolic = SymbolicCholesky.Analyze(pattern);
        Assert.True(symbolic.MultiplyAdds > 4 * SymmetricRankUpdate.ParallelWork, "the test needs work large enough to run in parallel");
        var one = new SupernodalCholesky(symbolic, maxThreads: 1);
        Assert.True(one.TryFactor(values));
        var two = new SupernodalCholesky(symbolic, maxThreads: 2);
        Assert.True(two.TryFactor(values));
        Assert.Equal(one.Values, two.Values);
        Assert.Equal(SelectedInverse.Compute(one), SelectedInverse.Compute(two));
    }
}
