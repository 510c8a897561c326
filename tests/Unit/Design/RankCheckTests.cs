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
}
