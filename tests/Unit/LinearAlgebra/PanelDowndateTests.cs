using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra;

/// <summary>The column-by-column sparse downdate M -= W W' (W = [S; D]) against the same product formed densely.</summary>
public class PanelDowndateTests
{
    [Theory]
    [InlineData(1, 40, 25, 3, 1)]
    [InlineData(2, 40, 25, 3, 1)]
    [InlineData(1, 3000, 300, 2, 2)]
    [InlineData(3, 500, 120, 1, 2)]
    public void MatchesDenseProduct(int k0, int levels, int q, int p, int threads)
    {
        var random = new Random(levels + q);
        // Pattern: each level meets a random set of later rows (ascending), the same for its k0 columns.
        var levelStart = new int[levels + 1];
        var rows = new List<int>();
        for (int l = 0; l < levels; l++)
        {
            var set = Enumerable.Range(0, q).Where(_ => random.NextDouble() < 0.08).ToList();
            rows.AddRange(set);
            levelStart[l + 1] = rows.Count;
        }
        var s = new BlockSparsePanel(q, k0, levelStart, rows.ToArray());
        for (int i = 0; i < s.Values.Length; i++) s.Values[i] = random.NextDouble() - 0.5;
        var d = new DenseRowPanel(p, levels * k0, k0);
        for (int i = 0; i < d.Values.Length; i++) d.Values[i] = random.NextDouble() - 0.5;

        // W densely: (q + p) x (levels * k0), column-major.
        int m = q + p, width = levels * k0;
        var w = new double[m * width];
        for (int l = 0; l < levels; l++)
            for (int c = 0; c < k0; c++)
            {
                int col = l * k0 + c;
                for (int e = 0; e < s.NonZerosIn(l); e++)
                    w[col * m + rows[levelStart[l] + e]] = s.Values[s.ColumnOffset(l, c) + e];
                for (int t = 0; t < p; t++)
                    w[col * m + q + t] = d.Values[t * width + col];
            }
        var start = NaiveMatrices.Random(m * m, seed: 5);
        var actual = (double[])start.Clone();
        var byColumn = new double[d.Values.Length];
        PanelDowndate.Transpose(d, byColumn);
        PanelDowndate.SparseByColumn(s, new BlockSparseRowIndex(s), byColumn, p, actual, m, threads);
        PanelDowndate.DenseDense(d, q, actual, m);

        for (int j = 0; j < m; j++)
            for (int i = j; i < m; i++)
            {
                double expected = start[j * m + i];
                for (int c = 0; c < width; c++) expected -= w[c * m + i] * w[c * m + j];
                Assert.True(Math.Abs(expected - actual[j * m + i]) < 1e-11, $"M[{i},{j}] = {actual[j * m + i]}, expected {expected}");
            }
    }

    [Fact]
    public void ChunkBoundsCoverEveryColumnOnce()
    {
        var s = new BlockSparsePanel(6, 1, new[] { 0, 3, 5, 6 }, new[] { 0, 2, 5, 1, 2, 4 });
        var index = new BlockSparseRowIndex(s);
        // Row 2 occurs at position 1 of level 0 (2 entries from there on) and position 1 of level 1 (1 entry).
        Assert.Equal(3, index.Work[2]);
        // Occurrences per row: 1, 1, 2, 0, 1, 1.
        Assert.Equal(new[] { 0, 1, 2, 4, 4, 5, 6 }, index.RowStart);
        var bounds = index.ChunkBounds(3);
        Assert.Equal(0, bounds[0]);
        Assert.Equal(6, bounds[^1]);
        Assert.True(bounds.Zip(bounds.Skip(1), (a, b) => b > a).All(x => x));
    }
}
