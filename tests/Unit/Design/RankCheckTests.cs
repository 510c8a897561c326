using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

public class RankCheckTests
{
    private static readonly double[] One = { 1, 1, 1, 1, 1 };
    private static readonly double[] X1 = { 1, 2, 3, 4, 6 };
    private static readonly double[] X2 = { 0, 1, 0, 2, 1 };

    [Fact]
    public void A_linear_combination_of_earlier_columns_is_dropped_and_later_columns_kept()
    {
        double[] combo = X1.Zip(X2, (a, b) => 3 * a - 2 * b + 1).ToArray();
        double[] x3 = { 5, -1, 2, 0, 1 };
        Assert.Equal(new[] { 0, 1, 2, 4 }, RankCheck.KeptColumns(new[] { One, X1, X2, combo, x3 }));
    }

    [Fact]
    public void A_zero_column_is_dropped()
    {
        Assert.Equal(new[] { 0, 2 }, RankCheck.KeptColumns(new[] { One, new double[5], X1 }));
    }

    [Fact]
    public void The_threshold_is_1e_minus_7_relative_to_the_column_norm()
    {
        // X1 + e * v with v orthogonal to One and X1: the residual after projecting on (One, X1) is e * v, about
        // e * |v| / |X1| relative to the column norm. e = 1e-9 is below lme4's 1e-7 tolerance (dropped), 1e-5 above (kept).
        // v = w minus its projections on One and on centred X1 (= (-2.2, -1.2, -0.2, 0.8, 2.8), |.|^2 = 14.8).
        double[] w = { 2, -1, -2, -1, 2 };                 // sum 0, dot with centred X1 = 2
        double[] x1Centred = { -2.2, -1.2, -0.2, 0.8, 2.8 };
        double[] v = w.Zip(x1Centred, (a, b) => a - 2 / 14.8 * b).ToArray();
        Assert.Equal(0.0, v.Sum(), 12);
        Assert.Equal(0.0, v.Zip(X1, (a, b) => a * b).Sum(), 12);

        double[] tiny = X1.Zip(v, (a, b) => a + 1e-9 * b).ToArray();
        double[] small = X1.Zip(v, (a, b) => a + 1e-5 * b).ToArray();
        Assert.Equal(new[] { 0, 1 }, RankCheck.KeptColumns(new[] { One, X1, tiny }));
        Assert.Equal(new[] { 0, 1, 2 }, RankCheck.KeptColumns(new[] { One, X1, small }));
    }

    [Fact]
    public void Design_reports_the_aliased_column_by_name_and_keeps_the_rest_in_order()
    {
        var data = Frame(
            Numeric("y", 1, 3, 2, 5, 4, 6),
            Numeric("a", 1, 2, 3, 4, 5, 6),
            Numeric("b", 2, 4, 6, 8, 10, 12),
            Numeric("c", 0, 1, 0, 1, 1, 0),
            Factor("g", new[] { "u", "v" }, "u", "u", "u", "v", "v", "v"));
        var f = F("y ~ a + b + c + (1 | g)", "y", true, new[] { T("a"), T("b"), T("c") },
            R(true, Array.Empty<ModelTerm>(), new[] { "g" }, 17));
        var d = DesignBuilder.Build(f, data);
        Assert.Equal(new[] { "(Intercept)", "a", "c" }, d.FixedEffectNames);
        Assert.Equal(new[] { "b" }, d.DroppedFixedEffects);
        Assert.Equal(new double[] { 0, 1, 0, 1, 1, 0 }, d.X.Skip(12).ToArray());
    }

    /// <summary>R's qr(X, tol = 1e-7) (lme4's chkRank.drop.cols) on 50 columns: a covariate at 1e6 + U(0,1) (its
    /// residual after the intercept is 3e-7 of its norm: kept), one scaled by 1e-160, an alias of the first with 1e-9
    /// noise, 39 sparse factor indicators, a sparse sum of nine of them, columns whose residual is 3e-8, 3e-7, 1e-9
    /// and 1e-5 of their norm, a zero column and an independent one (tests/data/reference/rank_check).</summary>
    [Fact]
    public void Keeps_the_columns_Rs_qr_keeps_on_edge_cases_of_scale_sparsity_and_tolerance()
    {
        var lines = File.ReadAllLines(TestData.File(Path.Combine("reference", "rank_check", "rank_check_columns.csv")));
        int p = lines[0].Split(',').Length;
        var columns = Enumerable.Range(0, p).Select(_ => new double[lines.Length - 1]).ToArray();
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            for (int j = 0; j < p; j++)
                columns[j][i - 1] = double.Parse(fields[j], System.Globalization.CultureInfo.InvariantCulture);
        }
        var expected = File.ReadAllText(TestData.File(Path.Combine("reference", "rank_check", "rank_check_kept.txt")))
            .Trim().Split(',').Select(int.Parse).ToArray();
        Assert.Equal(45, expected.Length);
        Assert.Equal(expected, RankCheck.KeptColumns(columns));
    }

    /// <summary>Many columns on few rows cross several panels of the blocked walk: a 300-level factor's indicators
    /// after the intercept, each level's indicator repeated (exact alias, the later copy dropped) and a sum of two
    /// indicators placed after them (dropped). Closed form: only the copies and the sums go.</summary>
    [Fact]
    public void Aliased_sparse_columns_are_dropped_across_panels()
    {
        const int levels = 300, n = 3 * levels;
        var columns = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray() };
        var expectedDropped = new List<int>();
        for (int l = 1; l < levels; l++)
        {
            var ind = Enumerable.Range(0, n).Select(i => i % levels == l ? 1.0 : 0.0).ToArray();
            columns.Add(ind);
            if (l % 7 == 0)
            {
                expectedDropped.Add(columns.Count);
                columns.Add((double[])ind.Clone());
            }
        }
        for (int l = 1; l + 1 < levels; l += 50)
        {
            expectedDropped.Add(columns.Count);
            columns.Add(Enumerable.Range(0, n).Select(i => i % levels == l || i % levels == l + 1 ? 2.5 : 0.0).ToArray());
        }
        var kept = RankCheck.KeptColumns(columns);
        Assert.Equal(Enumerable.Range(0, columns.Count).Except(expectedDropped).ToArray(), kept);
    }

    [Fact]
    public void A_cancelled_token_stops_the_walk()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => RankCheck.KeptColumns(new[] { One, X1, X2 }, cancel.Token));
    }
}
