using LmmPS.Core.LinearAlgebra.Sparse;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.LinearAlgebra.Sparse;

/// <summary>Patterns shaped like the trailing cross-product of mixed-model designs (one clique of later-factor
/// levels per level of the first factor), random values on them, and their dense copies for the MathNet reference.</summary>
internal static class SparseTestMatrices
{
    /// <summary>Names the patterns the theories run over.</summary>
    public static IEnumerable<object[]> Designs() =>
        new[] { "nested", "crossed", "partially-crossed", "three-factor", "grid", "disconnected" }.Select(d => new object[] { d });

    public static SymmetricPattern Pattern(string design) => design switch
    {
        // (1|pupil) + (1|class) + (1|school): a pupil's class and school; classes nested in schools.
        "nested" => Cliques(120 + 30, 600, (r, g) => { int c = g % 120; return new[] { c, 120 + c / 4 }; }),
        // Two fully crossed factors (every first-factor level meets random levels of both).
        "crossed" => Cliques(90 + 60, 400, (r, _) => new[] { r.Next(90), 90 + r.Next(60), 90 + r.Next(60) }),
        // Schools and neighbourhoods: each first-factor level (pupil) has a school and a neighbourhood near it.
        "partially-crossed" => Cliques(200 + 150, 1500, (r, g) =>
        {
            int school = g % 200;
            int near = Math.Min(149, Math.Max(0, school * 150 / 200 + r.Next(-4, 5)));
            return new[] { school, 200 + near };
        }),
        // Three partially crossed factors with several of each per first-factor level.
        "three-factor" => Cliques(120 + 80 + 40, 700, (r, g) =>
        {
            int a = r.Next(120);
            return new[] { a, a, 120 + Math.Min(79, a * 80 / 120 + r.Next(3)), 200 + Math.Min(39, a / 3 + r.Next(2)), r.Next(120) };
        }),
        // A 2-D mesh: the classic case where the natural order fills badly.
        "grid" => Grid(15, 17),
        // Two components plus isolated vertices (a forest of elimination trees).
        "disconnected" => Cliques(100, 150, (r, g) => g < 60 ? new[] { r.Next(40), r.Next(40) } : g < 140 ? new[] { 50 + r.Next(40), 50 + r.Next(40), 50 + r.Next(40) } : new[] { 95 }),
        _ => throw new ArgumentException(design),
    };

    private static SymmetricPattern Cliques(int order, int count, Func<Random, int, int[]> clique)
    {
        var random = new Random(order * 31 + count);
        var cliques = Enumerable.Range(0, count).Select(g => clique(random, g).Distinct().ToArray()).ToList();
        return SymmetricPattern.FromCliques(order, cliques);
    }

    private static SymmetricPattern Grid(int width, int height)
    {
        var entries = new List<(int, int)>();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (x + 1 < width) entries.Add((i, i + 1));
                if (y + 1 < height) entries.Add((i, i + width));
            }
        return SymmetricPattern.FromEntries(width * height, entries);
    }

    /// <summary>Random lower-triangle values on the pattern, positive definite by diagonal dominance with a small
    /// margin (so the fill carries values of every size, not only small ones).</summary>
    public static double[] Values(SymmetricPattern pattern, int seed)
    {
        var random = new Random(seed);
        var values = new double[pattern.Count];
        var rowSums = new double[pattern.Order];
        for (int j = 0; j < pattern.Order; j++)
            for (int k = pattern.ColumnStarts[j] + 1; k < pattern.ColumnStarts[j + 1]; k++)
            {
                double v = random.NextDouble() * 2 - 1;
                values[k] = v;
                rowSums[j] += Math.Abs(v);
                rowSums[pattern.RowIndices[k]] += Math.Abs(v);
            }
        for (int j = 0; j < pattern.Order; j++)
            values[pattern.ColumnStarts[j]] = rowSums[j] + 0.05 + random.NextDouble();
        return values;
    }

    /// <summary>The full symmetric matrix, optionally renumbered (entry (k, l) = A[order[k], order[l]]).</summary>
    public static Matrix<double> Dense(SymmetricPattern pattern, double[] values, int[]? order = null)
    {
        int n = pattern.Order;
        var inverse = order is null ? Enumerable.Range(0, n).ToArray() : Permutation.Inverse(order);
        var a = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n; j++)
            for (int k = pattern.ColumnStarts[j]; k < pattern.ColumnStarts[j + 1]; k++)
            {
                int i = pattern.RowIndices[k];
                a[inverse[i], inverse[j]] = values[k];
                a[inverse[j], inverse[i]] = values[k];
            }
        return a;
    }
}
