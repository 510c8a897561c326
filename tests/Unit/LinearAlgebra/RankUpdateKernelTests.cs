using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra;

/// <summary>The SYRK, its 8 x 4 register kernel and the packed panel solve against plain loops, on sizes that are
/// and are not multiples of the tile.</summary>
public class RankUpdateKernelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(8, 4)]
    [InlineData(9, 7)]
    [InlineData(13, 96)]
    [InlineData(100, 97)]
    [InlineData(197, 33)]
    [InlineData(300, 64)]
    public void SymmetricRankUpdateMatchesTripleLoop(int n, int k)
    {
        int ldc = n + 3, ldp = n + 1;
        var c = NaiveMatrices.Random(ldc * n, seed: n);
        var p = NaiveMatrices.Random(ldp * k + 2, seed: k);
        var expected = (double[])c.Clone();
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += p[2 + t * ldp + i] * p[2 + t * ldp + j];
                expected[j * ldc + i] -= s;
            }

        SymmetricRankUpdate.Apply(c, 0, ldc, n, p, 2, ldp, k);

        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
                Assert.True(Math.Abs(c[j * ldc + i] - expected[j * ldc + i]) < 1e-12 * (1 + k), $"C[{i},{j}]");
            // Rows n..ldc-1 of each column lie outside C: untouched.
            for (int i = n; i < ldc; i++)
                Assert.Equal(expected[j * ldc + i], c[j * ldc + i]);
        }
    }

    [Theory]
    [InlineData(8, 4, 37)]
    [InlineData(5, 3, 1)]
    [InlineData(1, 1, 130)]
    public void MicroKernelPathsAgreeWithPlainSum(int iCount, int jCount, int k)
    {
        const int ldc = 11;
        var a = NaiveMatrices.Random(8 * k, seed: 1);
        var b = NaiveMatrices.Random(8 * k, seed: 2);
        var c = NaiveMatrices.Random(ldc * 4, seed: 3);
        var fast = (double[])c.Clone();
        var scalar = (double[])c.Clone();
        SyrkMicroKernel.Update(a, 0, b, 4, 8, k, fast, 0, ldc, iCount, jCount, portable: false);
        SyrkMicroKernel.Update(a, 0, b, 4, 8, k, scalar, 0, ldc, iCount, jCount, portable: true);
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < ldc; i++)
            {
                double expected = c[j * ldc + i];
                if (i < iCount && j < jCount)
                    for (int t = 0; t < k; t++) expected -= a[t * 8 + i] * b[t * 8 + 4 + j];
                Assert.Equal(expected, fast[j * ldc + i], 12);
                Assert.Equal(expected, scalar[j * ldc + i], 12);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(13)]
    [InlineData(96)]
    public void StripSolveMatchesForwardSubstitution(int k)
    {
        // L: unit-ish lower triangle given by rows; X (8 x k packed) := X L^-T, i.e. solve L y = x for each row.
        var l = NaiveMatrices.Random(k * k, seed: k);
        var inverse = new double[k];
        for (int t = 0; t < k; t++)
        {
            l[t * k + t] = 2.0 + t % 3;
            inverse[t] = 1.0 / l[t * k + t];
        }
        var x = NaiveMatrices.Random(8 * k, seed: 100 + k);
        var fast = (double[])x.Clone();
        var scalar = (double[])x.Clone();
        StripTriangularSolve.Solve(fast, k, l, inverse, portable: false);
        StripTriangularSolve.Solve(scalar, k, l, inverse, portable: true);
        for (int row = 0; row < 8; row++)
        {
            // Independent check: multiply back, L y must give the original row.
            for (int t = 0; t < k; t++)
            {
                double s = 0;
                for (int u = 0; u <= t; u++) s += l[t * k + u] * fast[u * 8 + row];
                Assert.Equal(x[t * 8 + row], s, 10);
                Assert.Equal(scalar[t * 8 + row], fast[t * 8 + row], 12);
            }
        }
    }
}
