using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

/// <summary>Small model matrices written out by hand from R's model.matrix rules.</summary>
public class ModelMatrixTests
{
    private static readonly string[] Recipes = { "A", "B", "C" };
    private static readonly string[] Temperatures = { "175", "185" };

    // 6 rows: recipe A B C A B C, temperature 175 x3 then 185 x3, x = 1..6, group g = u u v v w w.
    private static DataFrame Cake() => Frame(
        Numeric("y", 3, 1, 4, 1, 5, 9),
        Factor("recipe", Recipes, "A", "B", "C", "A", "B", "C"),
        Factor("temperature", Temperatures, "175", "175", "175", "185", "185", "185"),
        Numeric("x", 1, 2, 3, 4, 5, 6),
        Factor("g", new[] { "u", "v", "w" }, "u", "u", "v", "v", "w", "w"));

    private static RandomTerm Groups() => R(true, Array.Empty<ModelTerm>(), new[] { "g" });

    private static double[] Column(ModelDesign d, string name)
    {
        int j = d.FixedEffectNames.ToList().IndexOf(name);
        Assert.True(j >= 0, $"no column {name}");
        return d.X.Skip(j * d.RowCount).Take(d.RowCount).ToArray();
    }

    [Fact]
    public void Crossed_factors_with_main_effects_use_treatment_contrasts_in_the_interaction()
    {
        var f = F("y ~ recipe * temperature + (1 | g)", "y", true, new[] { T("recipe"), T("temperature"), T("recipe", "temperature") }, Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Equal(new[] { "(Intercept)", "recipeB", "recipeC", "temperature185", "recipeB:temperature185", "recipeC:temperature185" }, d.FixedEffectNames);
        Assert.Equal(new double[] { 1, 1, 1, 1, 1, 1 }, Column(d, "(Intercept)"));
        Assert.Equal(new double[] { 0, 1, 0, 0, 1, 0 }, Column(d, "recipeB"));
        Assert.Equal(new double[] { 0, 0, 1, 0, 0, 1 }, Column(d, "recipeC"));
        Assert.Equal(new double[] { 0, 0, 0, 1, 1, 1 }, Column(d, "temperature185"));
        Assert.Equal(new double[] { 0, 0, 0, 0, 1, 0 }, Column(d, "recipeB:temperature185"));
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 1 }, Column(d, "recipeC:temperature185"));
    }

    [Fact]
    public void Interaction_without_main_effects_codes_both_factors_by_indicators_first_varying_fastest()
    {
        // R: model.matrix(~ recipe:temperature) has the intercept and all 6 indicator products; the last one is
        // the intercept minus the others, so lme4's rank check drops it.
        var f = F("y ~ recipe:temperature + (1 | g)", "y", true, new[] { T("recipe", "temperature") }, Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Equal(new[] { "(Intercept)", "recipeA:temperature175", "recipeB:temperature175", "recipeC:temperature175",
            "recipeA:temperature185", "recipeB:temperature185" }, d.FixedEffectNames);
        Assert.Equal(new[] { "recipeC:temperature185" }, d.DroppedFixedEffects);
        Assert.Equal(new double[] { 0, 0, 0, 1, 0, 0 }, Column(d, "recipeA:temperature185"));
        Assert.Equal(new double[] { 0, 1, 0, 0, 0, 0 }, Column(d, "recipeB:temperature175"));
    }

    [Fact]
    public void Without_intercept_the_first_factor_gets_all_levels_and_later_ones_contrasts()
    {
        var f = F("y ~ 0 + recipe + temperature + (1 | g)", "y", false, new[] { T("recipe"), T("temperature") }, Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Equal(new[] { "recipeA", "recipeB", "recipeC", "temperature185" }, d.FixedEffectNames);
        Assert.Equal(new double[] { 1, 0, 0, 1, 0, 0 }, Column(d, "recipeA"));
    }

    [Fact]
    public void Numeric_by_factor_interaction_uses_contrasts_when_the_numeric_main_effect_is_present()
    {
        var f = F("y ~ x + x:recipe + (1 | g)", "y", true, new[] { T("x"), T("x", "recipe") }, Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Equal(new[] { "(Intercept)", "x", "x:recipeB", "x:recipeC" }, d.FixedEffectNames);
        Assert.Equal(new double[] { 0, 2, 0, 0, 5, 0 }, Column(d, "x:recipeB"));
        Assert.Equal(new double[] { 0, 0, 3, 0, 0, 6 }, Column(d, "x:recipeC"));
    }

    [Fact]
    public void Factor_by_numeric_without_the_numeric_main_effect_uses_indicators()
    {
        var f = F("y ~ temperature:x + (1 | g)", "y", true, new[] { T("temperature", "x") }, Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Equal(new[] { "(Intercept)", "temperature175:x", "temperature185:x" }, d.FixedEffectNames);
        Assert.Equal(new double[] { 1, 2, 3, 0, 0, 0 }, Column(d, "temperature175:x"));
        Assert.Equal(new double[] { 0, 0, 0, 4, 5, 6 }, Column(d, "temperature185:x"));
    }

    [Fact]
    public void Ordered_factor_in_an_interaction_uses_polynomial_names()
    {
        var data = Frame(
            Numeric("y", 1, 2, 3, 4, 5, 6),
            Ordered("dose", new[] { "lo", "mid", "hi" }, "lo", "mid", "hi", "lo", "mid", "hi"),
            Numeric("x", 1, 2, 3, 4, 5, 7),
            Factor("g", new[] { "u", "v", "w" }, "u", "u", "v", "v", "w", "w"));
        var f = F("y ~ x + dose:x + (1 | g)", "y", true, new[] { T("x"), T("dose", "x") }, Groups());
        var d = DesignBuilder.Build(f, data);
        Assert.Equal(new[] { "(Intercept)", "x", "dose.L:x", "dose.Q:x" }, d.FixedEffectNames);
        // contr.poly(3): .L = (-1, 0, 1)/sqrt(2), .Q = (1, -2, 1)/sqrt(6), times x.
        double[] expectedL = { -1 / Math.Sqrt(2), 0, 3 / Math.Sqrt(2), -4 / Math.Sqrt(2), 0, 7 / Math.Sqrt(2) };
        double[] expectedQ = { 1 / Math.Sqrt(6), -4 / Math.Sqrt(6), 3 / Math.Sqrt(6), 4 / Math.Sqrt(6), -10 / Math.Sqrt(6), 7 / Math.Sqrt(6) };
        var l = Column(d, "dose.L:x");
        var q = Column(d, "dose.Q:x");
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expectedL[i], l[i], 1e-14);
            Assert.Equal(expectedQ[i], q[i], 1e-14);
        }
    }

    [Fact]
    public void Random_term_with_a_factor_left_side_uses_the_same_coding_rules()
    {
        var withIntercept = F("y ~ 1 + (recipe | g)", "y", true, Array.Empty<ModelTerm>(), R(true, new[] { T("recipe") }, new[] { "g" }));
        // 3 levels x 3 columns = 9 random effects would exceed the 6 rows, so check the columns via a 12-row copy.
        var bigger = Frame(
            Numeric("y", Enumerable.Range(0, 12).Select(i => (double)i).ToArray()),
            Factor("recipe", Recipes, Enumerable.Repeat(new[] { "A", "B", "C" }, 4).SelectMany(r => r).ToArray()),
            Factor("g", new[] { "u", "v" }, Enumerable.Range(0, 12).Select(i => i < 6 ? "u" : "v").ToArray()));
        var d = DesignBuilder.Build(withIntercept, bigger);
        var term = Assert.Single(d.RandomTerms);
        Assert.Equal(new[] { "(Intercept)", "recipeB", "recipeC" }, term.ColumnNames);
        // Row 1 (recipe B): (1, 1, 0); row 2 (recipe C): (1, 0, 1). Row-major n x 3.
        Assert.Equal(new double[] { 1, 0, 0, 1, 1, 0, 1, 0, 1 }, term.Z.Take(9).ToArray());
        Assert.Equal(new[] { "g.(Intercept)", "g.recipeB.(Intercept)", "g.recipeC.(Intercept)", "g.recipeB", "g.recipeC.recipeB", "g.recipeC" }, d.ThetaNames);

        var noIntercept = F("y ~ 1 + (0 + recipe | g)", "y", true, Array.Empty<ModelTerm>(), R(false, new[] { T("recipe") }, new[] { "g" }));
        var d0 = DesignBuilder.Build(noIntercept, bigger);
        Assert.Equal(new[] { "recipeA", "recipeB", "recipeC" }, d0.RandomTerms[0].ColumnNames);
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, d0.RandomTerms[0].Z.Take(9).ToArray());
    }

    [Fact]
    public void Rows_with_missing_values_are_dropped_and_unused_levels_with_them()
    {
        // Row 3 (recipe C) has no y, row 6 (recipe C) has no x: recipe C no longer occurs, so lme4's model frame
        // drops the level and only recipeB remains.
        var data = Frame(
            Numeric("y", 3, 1, double.NaN, 1, 5, 9, 2, 6),
            Factor("recipe", Recipes, "A", "B", "C", "A", "B", "C", "A", "B"),
            Numeric("x", 1, 2, 3, 4, 5, double.NaN, 7, 8),
            Factor("g", new[] { "u", "v", "w" }, "u", "u", "v", "v", "w", "w", "u", "v"),
            Numeric("unused", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
        var f = F("y ~ recipe + x + (1 | g)", "y", true, new[] { T("recipe"), T("x") }, Groups());
        var d = DesignBuilder.Build(f, data);
        Assert.Equal(new[] { 0, 1, 3, 4, 6, 7 }, d.RowsUsed);
        Assert.Equal(2, d.RowsDropped);
        Assert.Equal(new double[] { 3, 1, 1, 5, 2, 6 }, d.Response);
        Assert.Equal(new[] { "(Intercept)", "recipeB", "x" }, d.FixedEffectNames);
        Assert.Equal(new double[] { 0, 1, 0, 1, 0, 1 }, Column(d, "recipeB"));
        Assert.Equal(new double[] { 1, 2, 4, 5, 7, 8 }, Column(d, "x"));
        Assert.Equal(new[] { 0, 0, 1, 2, 0, 1 }, d.RandomTerms[0].LevelIndex);
    }

    [Fact]
    public void Model_without_fixed_effects_has_an_empty_X()
    {
        var f = F("y ~ 0 + (1 | g)", "y", false, Array.Empty<ModelTerm>(), Groups());
        var d = DesignBuilder.Build(f, Cake());
        Assert.Empty(d.FixedEffectNames);
        Assert.Empty(d.X);
        Assert.Equal(6, d.RowCount);
    }
}
