using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra;

/// <summary>The two kernels of the gradient's dense part as WeightedSelectedInverse calls them (the strip-based
/// triangular inverse and the panel-by-panel rank update with its reused packing buffer), against plain loops on
/// odd sizes, on both the AVX2 and the portable path, and on sizes large enough to share the work between cores.</summary>
public class GradientDenseKernelTests
{
    [Theory]
    [InlineData(1, false, 0)]
    [InlineData(5, true, 0)]
    [InlineData(17, false, 0)]
    [InlineData(17, true, 0)]
    [InlineData(243, false, 0)] // n^3/6 above the parallel threshold: strips shared between the cores
    [InlineData(243, true, 0)]
    [InlineData(243, false, 4)] // strips solved in groups of four (n >= 2048 in a fit): 31 strips, last group of 3
    [InlineData(29, true, 4)]
    public void Triangular_inverse_matches_column_by_column_forward_substitution(int n, bool portable, int group)
    {
        var random = new Random(n + (portable ? 1000 : 0));
        int ld = n + 3, offset = 2;
        var l = new double[offset + ld * n];
        for (int c = 0; c < n; c++)
        {
            l[offset + c * ld + c] = 0.5 + random.NextDouble();
            for (int r = c + 1; r < n; r++)
                l[offset + c * ld + r] = (random.NextDouble() - 0.5) / Math.Sqrt(n);
            // Above the diagonal: garbage the kernel must not read.
            for (int r = 0; r < c; r++)
                l[offset + c * ld + r] = double.NaN;
        }
        // Plain forward substitution L x = e_c, one column at a time.
        var expected = new double[n * n];
        for (int c = 0; c < n; c++)
            for (int r = c; r < n; r++)
            {
                double s = r == c ? 1.0 : 0.0;
                for (int t = c; t < r; t++)
                    s -= l[offset + t * ld + r] * expected[c * n + t];
                expected[c * n + r] = s / l[offset + r * ld + r];
            }
        // u starts full of garbage: the strict upper triangle must come back 0.
        var u = Enumerable.Repeat(7.0, n * n).ToArray();

        TriangularInverse.InvertLower(l, offset, ld, n, u, portable, group);

        for (int c = 0; c < n; c++)
            for (int r = 0; r < n; r++)
            {
                double want = expected[c * n + r], got = u[c * n + r];
                Assert.True(Math.Abs(want - got) <= 1e-12 * (1 + Math.Abs(want)), $"L^-1[{r},{c}] = {got:R}, expected {want:R}");
            }
    }

    [Theory]
    [InlineData(70)]
    [InlineData(261)] // later panels above the parallel threshold
    public void Panel_by_panel_rank_updates_give_P_P_transposed(int n)
    {
        // P upper-triangular like the gradient's (W^1/2 L^-1)': column k non-zero in rows 0..k. Panels of 64
        // columns, C -= P[0:k1, panel] P[0:k1, panel]' with k1 the panel's last column + 1: sizes grow, then the
        // same buffer serves a smaller call at the end, which must not see the larger call's stale strips.
        var random = new Random(n);
        var p = new double[n * n];
        for (int k = 0; k < n; k++)
            for (int i = 0; i <= k; i++)
                p[k * n + i] = random.NextDouble() - 0.5;
        var c = new double[n * n];
        for (int k0 = 0; k0 < n; k0 += 64)
        {
            int kb = Math.Min(64, n - k0);
            SymmetricRankUpdate.Apply(c, 0, n, k0 + kb, p, k0 * n, n, kb);
        }
        var small = new double[9 * 9];
        SymmetricRankUpdate.Apply(small, 0, 9, 9, p, 0, n, 3);

        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int t = 0; t < n; t++) s += p[t * n + i] * p[t * n + j];
                Assert.True(Math.Abs(-s - c[j * n + i]) <= 1e-12 * n, $"C[{i},{j}] = {c[j * n + i]:R}, expected {-s:R}");
            }
        for (int j = 0; j < 9; j++)
            for (int i = j; i < 9; i++)
            {
                double s = 0;
                for (int t = 0; t < 3; t++) s += p[t * n + i] * p[t * n + j];
                Assert.Equal(-s, small[j * 9 + i], 12);
            }
    }
}
