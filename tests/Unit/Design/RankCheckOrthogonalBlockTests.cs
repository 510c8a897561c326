using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Tests.Properties;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

/// <summary>The orthogonal-block shortcut of the rank check (a long run of a factor's indicators) against the dense
/// column-order walk (itself checked against R's qr(tol = 1e-7) in <see cref="RankCheckTests"/>): the same pivots
/// when it applies, and the same kept columns always, on random designs and on designs with aliasing.</summary>
public class RankCheckOrthogonalBlockTests
{
    /// <summary>Intercept (or not), covariates before and after a factor of 130 to 170 levels coded by treatment
    /// contrasts or by indicators (or multiplied by a covariate), sometimes with an empty level, sometimes followed by
    /// a copy of one of its indicators or by the sum of a level's indicator and a covariate, then y.</summary>
    [Fact]
    public void The_shortcut_gives_the_dense_walks_pivots_and_kept_columns_on_random_designs()
    {
        int shortcutTaken = 0, aliased = 0;
        var cases = Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(130, 170)).ToArbitrary();
        PropertyRun.Check(40, Prop.ForAll(cases, c =>
        {
            var random = new Random(c.Item1);
            var columns = RandomDesign(random, c.Item2, out bool hasAlias);
            var (dense, denseKept, shortcut) = RankCheck.PivotsBothWays(columns);
            if (shortcut is not null)
            {
                shortcutTaken++;
                for (int j = 0; j < dense.Length; j++)
                    Assert.True(Math.Abs(dense[j] - shortcut[j]) <= 1e-10, $"pivot {j}: dense {dense[j]}, shortcut {shortcut[j]}");
            }
            if (hasAlias)
            {
                aliased++;
                Assert.True(denseKept.Count < columns.Count, "an aliased column should be dropped");
            }
            Assert.Equal(denseKept, RankCheck.KeptColumns(columns));
        }));
        Assert.True(shortcutTaken >= 10, $"the shortcut applied in {shortcutTaken} of 40 designs");
        Assert.True(aliased >= 5, $"{aliased} of 40 designs had an alias");
    }

    private static List<double[]> RandomDesign(Random random, int levels, out bool hasAlias)
    {
        int n = levels * 4;
        var code = Enumerable.Range(0, n).Select(i => i < levels ? i : random.Next(levels)).ToArray();
        int empty = random.Next(3) == 0 ? random.Next(1, levels) : -1;
        if (empty >= 0)
            for (int i = 0; i < n; i++)
                if (code[i] == empty)
                    code[i] = 0;
        double[] Normal() => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1 + random.NextDouble()).ToArray();
        var columns = new List<double[]>();
        bool intercept = random.Next(4) > 0;
        if (intercept)
            columns.Add(Enumerable.Repeat(1.0, n).ToArray());
        int before = random.Next(3);
        for (int k = 0; k < before; k++)
            columns.Add(Normal());
        double[]? weight = random.Next(4) == 0 ? Normal() : null;
        int first = intercept ? 1 : 0;
        for (int level = first; level < levels; level++)
            columns.Add(Enumerable.Range(0, n).Select(i => code[i] == level ? weight?[i] ?? 1.0 : 0.0).ToArray());
        int after = random.Next(3);
        for (int k = 0; k < after; k++)
            columns.Add(Normal());
        hasAlias = false;
        int alias = random.Next(3);
        int copied = random.Next(first, levels);
        if (alias == 1 && copied != empty)
        {
            columns.Add((double[])columns[(intercept ? 1 : 0) + before + copied - first].Clone());
            hasAlias = true;
        }
        else if (alias == 2 && before > 0)
        {
            var sum = columns[(intercept ? 1 : 0) + before + copied - first].Zip(columns[first], (a, b) => 2 * a - 3 * b).ToArray();
            columns.Add(sum);
            hasAlias = sum.Any(v => v != 0);
        }
        columns.Add(Normal());
        return columns;
    }

    [Fact]
    public void A_factor_nested_in_another_drops_one_inner_indicator_per_outer_level_but_the_first_as_the_dense_walk()
    {
        // a has 4 levels, b 160 levels, 40 in each level of a: within a level k > 1 the indicators of its b levels sum
        // to a's indicator of k, so the last of them (the last in column order) is dropped, three in all.
        int n = 640;
        var columns = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray() };
        int Outer(int i) => (i % 160) / 40;
        for (int k = 1; k < 4; k++)
            columns.Add(Enumerable.Range(0, n).Select(i => Outer(i) == k ? 1.0 : 0).ToArray());
        for (int l = 1; l < 160; l++)
            columns.Add(Enumerable.Range(0, n).Select(i => i % 160 == l ? 1.0 : 0).ToArray());
        columns.Add(Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray());
        var (_, denseKept, _) = RankCheck.PivotsBothWays(columns);
        var kept = RankCheck.KeptColumns(columns);
        Assert.Equal(denseKept, kept);
        // Dropped: b's levels 79, 119, 159 (columns 4 + level - 1).
        Assert.Equal(new[] { 4 + 78, 4 + 118, 4 + 158 }, Enumerable.Range(0, columns.Count).Except(kept).ToArray());
    }

    [Fact]
    public void An_interaction_of_indicators_with_a_covariate_drops_its_last_column_after_the_covariate()
    {
        // y ~ x + f:x with f coded by indicators (no main effect): the f:x columns sum to x.
        int n = 600, levels = 150;
        var x = Enumerable.Range(0, n).Select(i => 1 + Math.Cos(i)).ToArray();
        var columns = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray(), x };
        for (int l = 0; l < levels; l++)
            columns.Add(Enumerable.Range(0, n).Select(i => i % levels == l ? x[i] : 0).ToArray());
        columns.Add(Enumerable.Range(0, n).Select(i => Math.Sin(3 * i)).ToArray());
        var (_, denseKept, _) = RankCheck.PivotsBothWays(columns);
        Assert.Equal(denseKept, RankCheck.KeptColumns(columns));
        Assert.Equal(new[] { 2 + levels - 1 }, Enumerable.Range(0, columns.Count).Except(denseKept).ToArray());
    }

    [Fact]
    public void A_design_with_a_copy_of_a_factor_indicator_drops_the_copy_by_name_and_keeps_the_indicator_in_X()
    {
        int levels = 140, n = 3 * levels;
        var labels = Enumerable.Range(0, levels).Select(l => $"L{l:D3}").ToArray();
        var f = Enumerable.Range(0, n).Select(i => labels[(i * 11) % levels]).ToArray();
        var copy = f.Select(v => v == "L005" ? 1.0 : 0).ToArray();
        var y = Enumerable.Range(0, n).Select(i => Math.Sin(i) + i % 5).ToArray();
        var data = Frame(Numeric("y", y), Factor("f", labels, f), Numeric("c", copy),
            Factor("g", new[] { "u", "v" }, Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "u" : "v").ToArray()));
        var formula = F("y ~ f + c + (1 | g)", "y", true, new[] { T("f"), T("c") }, R(true, Array.Empty<ModelTerm>(), new[] { "g" }, 13));
        var design = DesignBuilder.Build(formula, data);
        Assert.Equal(new[] { "c" }, design.DroppedFixedEffects);
        Assert.Equal(levels, design.FixedEffectCount);
        int column = Array.IndexOf(design.FixedEffectNames.ToArray(), "fL005");
        Assert.Equal(copy, design.X.Skip(column * n).Take(n).ToArray());
        Assert.Equal(Enumerable.Repeat(1.0, n), design.X.Take(n));
    }
}
