using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra;

/// <summary>The blocked, packed, multi-threaded Cholesky against the textbook one, on sizes around the tile (8 x 4),
/// the recursion (16) and the block (96) boundaries, inside a larger array (offset, leading dimension).</summary>
public class DenseCholeskyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(95)]
    [InlineData(96)]
    [InlineData(97)]
    [InlineData(203)]
    [InlineData(389)]
    public void MatchesTextbookCholesky(int n)
    {
        int ld = n + 5, offset = 3 * ld + 2;
        var a = NaiveMatrices.RandomSpd(n, ld, offset, seed: n);
        var expected = NaiveMatrices.Cholesky(a, offset, ld, n);

        Assert.True(DenseCholesky.TryFactor(a, offset, ld, n, new CholeskyWorkspace()));

        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                Assert.True(Math.Abs(a[offset + j * ld + i] - expected[j * n + i]) <= 1e-12 * (1 + Math.Abs(expected[j * n + i])),
                    $"L[{i},{j}] = {a[offset + j * ld + i]}, expected {expected[j * n + i]}");
        // Rows past the block in each column (ld > n) are outside the matrix and must be untouched.
        for (int j = 0; j < n; j++)
            for (int i = n; i < ld && offset + j * ld + i < a.Length; i++)
                Assert.Equal(12345.0, a[offset + j * ld + i]);
    }

    [Fact]
    public void ReconstructsTheMatrix()
    {
        // L L' = A, an identity that does not depend on any other Cholesky implementation.
        const int n = 250;
        var a = NaiveMatrices.RandomSpd(n, n, 0, seed: 42);
        var copy = (double[])a.Clone();
        Assert.True(DenseCholesky.TryFactor(a, 0, n, n));
        double worst = 0;
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int t = 0; t <= j; t++) s += a[t * n + i] * a[t * n + j];
                worst = Math.Max(worst, Math.Abs(s - copy[j * n + i]));
            }
        Assert.True(worst < 1e-12, $"max |LL' - A| = {worst}");
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(200, 150)]
    [InlineData(300, 299)]
    public void ReportsANonPositivePivot(int n, int bad)
    {
        // Row/column bad copies row/column 0 but with 1 less on the diagonal: its pivot is exactly
        // (a00 - 1) - a00 = -1 in exact arithmetic, so the matrix is indefinite at step bad.
        var a = NaiveMatrices.RandomSpd(n, n, 0, seed: 3);
        for (int i = 0; i < n; i++)
        {
            a[bad * n + i] = a[i];
            a[i * n + bad] = a[i * n];
        }
        a[bad * n + bad] = a[0] - 1.0;
        Assert.False(DenseCholesky.TryFactor(a, 0, n, n, new CholeskyWorkspace()));
    }

    [Fact]
    public void OneThreadAndTwoThreadsGiveIdenticalFactors()
    {
        const int n = 700;
        var a1 = NaiveMatrices.RandomSpd(n, n, 0, seed: 9);
        var a2 = (double[])a1.Clone();
        Assert.True(DenseCholesky.TryFactor(a1, 0, n, n, new KernelOptions { MaxThreads = 1 }));
        Assert.True(DenseCholesky.TryFactor(a2, 0, n, n, new KernelOptions { MaxThreads = 2 }));
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                Assert.Equal(a1[j * n + i], a2[j * n + i]);
    }

    [Fact]
    public void AReusedWorkspaceServesSmallerAndLargerMatrices()
    {
        var workspace = new CholeskyWorkspace();
        foreach (int n in new[] { 150, 40, 260 })
        {
            var a = NaiveMatrices.RandomSpd(n, n, 0, seed: n);
            var expected = NaiveMatrices.Cholesky(a, 0, n, n);
            Assert.True(DenseCholesky.TryFactor(a, 0, n, n, workspace));
            for (int j = 0; j < n; j++)
                Assert.Equal(expected[j * n + j], a[j * n + j], 12);
        }
    }
}
