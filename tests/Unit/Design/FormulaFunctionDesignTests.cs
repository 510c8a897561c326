using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Design;

/// <summary>Designs with formula functions (issue 19) against lme4's reference files ff_*.json (tests/data/reference,
/// copied from the shared folder) and closed forms: poly() columns orthonormal with R's recorded alpha and norm2,
/// scale() columns of mean 0 and sd 1 with R's centre and scale, factor() levels in numeric order.</summary>
public class FormulaFunctionDesignTests
{
    private static ModelDesign Build(string formula) => DesignBuilder.Build(FormulaParser.Parse(formula), DesignTestData.Load("sleepstudy"));

    private static double[] Column(ModelDesign d, string name)
    {
        int j = d.FixedEffectNames.ToList().IndexOf(name);
        Assert.True(j >= 0, $"no column {name}");
        return d.X.Skip(j * d.RowCount).Take(d.RowCount).ToArray();
    }

    [Fact]
    public void Poly_columns_are_orthonormal_and_record_Rs_alpha_and_norm2()
    {
        using var doc = TestData.Reference("ff_sleepstudy_poly_ML.json");
        var root = doc.RootElement;
        var design = Build(root.GetProperty("formula").GetString()!);
        Assert.Equal(root.GetProperty("design").GetProperty("fixef_columns").EnumerateArray().Select(e => e.GetString()), design.FixedEffectNames);
        var p1 = Column(design, "poly(Days, 2)1");
        var p2 = Column(design, "poly(Days, 2)2");
        Assert.Equal(1.0, p1.Sum(v => v * v), 12);
        Assert.Equal(1.0, p2.Sum(v => v * v), 12);
        Assert.Equal(0.0, p1.Zip(p2, (a, b) => a * b).Sum(), 12);
        Assert.Equal(0.0, p1.Sum(), 12);
        Assert.Equal(0.0, p2.Sum(), 12);

        var poly = root.GetProperty("transforms").GetProperty("poly").GetProperty("poly(Days, 2)");
        var learned = design.Schema!.Variable("poly(Days, 2)")!.Transform!;
        AssertClose(poly.GetProperty("alpha").EnumerateArray().Select(e => e.GetDouble()), learned.Alpha);
        AssertClose(poly.GetProperty("norm2").EnumerateArray().Select(e => e.GetDouble()), learned.Norm2);
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.I(Days - 4.5).(Intercept)", "Subject.I(Days - 4.5)" }, design.ThetaNames);
    }

    [Fact]
    public void Scale_centres_and_scales_once_for_both_parts_with_Rs_values()
    {
        using var doc = TestData.Reference("ff_sleepstudy_scale_log10_ML.json");
        var root = doc.RootElement;
        var design = Build(root.GetProperty("formula").GetString()!);
        var x = Column(design, "scale(Days)");
        double mean = x.Average();
        Assert.Equal(0.0, mean, 12);
        Assert.Equal(1.0, Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1)), 12);
        var scale = root.GetProperty("transforms").GetProperty("scale").GetProperty("scale(Days)");
        var learned = design.Schema!.Variable("scale(Days)")!.Transform!;
        Assert.Equal(scale.GetProperty("center").GetDouble(), learned.Center!.Value, 14);
        Assert.Equal(scale.GetProperty("scale").GetDouble(), learned.Scale!.Value, 14);
        // The response is log10(Reaction): closed form on the data.
        var reaction = (NumericColumn)DesignTestData.Load("sleepstudy").Columns.First(c => c.Name == "Reaction");
        Assert.Equal(reaction.Values.ToArray().Select(Math.Log10), design.Response);
        var z = design.RandomTerms[0];
        Assert.Equal(new[] { "(Intercept)", "scale(Days)" }, z.ColumnNames);
        for (int i = 0; i < design.RowCount; i++)
            Assert.Equal(x[i], z.Z[i * 2 + 1]);
    }

    [Fact]
    public void Factor_of_a_number_has_its_values_as_levels_in_numeric_order()
    {
        using var doc = TestData.Reference("ff_sleepstudy_factor_REML.json");
        var root = doc.RootElement;
        var design = Build(root.GetProperty("formula").GetString()!);
        Assert.Equal(root.GetProperty("design").GetProperty("fixef_columns").EnumerateArray().Select(e => e.GetString()), design.FixedEffectNames);

        var data = new DataFrame(new Column[]
        {
            new NumericColumn("y", new[] { 1.0, 2, 4, 3, 5, 7 }),
            new NumericColumn("x", new[] { 10.0, 2, 2, 10, 0.5, 2 }),
            new CategoricalColumn("g", new[] { 0, 0, 1, 1, 2, 2 }, new[] { "a", "b", "c" }),
        });
        var small = DesignBuilder.Build(FormulaParser.Parse("y ~ factor(x) + (1 | g)"), data);
        Assert.Equal(new[] { "0.5", "2", "10" }, small.Schema!.Variable("factor(x)")!.Levels);
        Assert.Equal(new[] { "(Intercept)", "factor(x)2", "factor(x)10" }, small.FixedEffectNames);
    }

    [Fact]
    public void Elementwise_functions_match_their_closed_forms()
    {
        var data = DesignTestData.Load("sleepstudy");
        var days = ((NumericColumn)data.Columns.First(c => c.Name == "Days")).Values.ToArray();
        var design = Build("Reaction ~ sqrt(Days + 1) + I(Days^2/2 - 1) + exp(-Days) + log1p(Days) + abs(Days - 4.5) + (1 | Subject)");
        Assert.Equal(days.Select(d => Math.Sqrt(d + 1)), Column(design, "sqrt(Days + 1)"));
        Assert.Equal(days.Select(d => d * d / 2 - 1), Column(design, "I(Days^2/2 - 1)"));
        Assert.Equal(days.Select(d => Math.Exp(-d)), Column(design, "exp(-Days)"));
        Assert.Equal(days.Select(d => Math.Log(1 + d)), Column(design, "log1p(Days)"), new Close(1e-15));

        Assert.Equal(days.Select(d => Math.Abs(d - 4.5)), Column(design, "abs(Days - 4.5)"));
        // log2 is collinear with log1p: its own design. log2 of a power of two is exact, as in R.
        var log2 = Column(Build("Reaction ~ log2(Days + 1) + (1 | Subject)"), "log2(Days + 1)");
        Assert.Equal(days.Select(d => Math.Log(d + 1) / Math.Log(2)), log2, new Close(1e-15));
        Assert.Equal(3.0, log2[days.ToList().IndexOf(7)]);
    }

    [Fact]
    public void A_non_finite_value_is_an_error_naming_the_row_and_value()
    {
        var e = Assert.Throws<LmmException>(() => Build("Reaction ~ log(Days) + (1 | Subject)"));
        Assert.Equal("NonFiniteTransform", e.ErrorId);
        Assert.Equal(1, e.Row);
        Assert.Contains("-Infinity in data row 1 (Days = 0)", e.Message);
        var s = Assert.Throws<LmmException>(() => Build("Reaction ~ sqrt(Days - 5) + (1 | Subject)"));
        Assert.Equal(1, s.Row);
        Assert.Contains("NaN", s.Message);
    }

    [Fact]
    public void A_categorical_column_in_arithmetic_is_an_error_naming_it()
    {
        var e = Assert.Throws<LmmException>(() => Build("Reaction ~ log(Subject) + (1 | Subject)"));
        Assert.Equal("NonNumericInExpression", e.ErrorId);
        Assert.Equal("Subject", e.Column);
    }

    [Theory]
    [InlineData("Reaction ~ poly(Days, 3) + (1 + I(Days - 4.5) | Subject)")]
    [InlineData("log10(Reaction) ~ scale(Days) + (1 + scale(Days) | Subject)")]
    [InlineData("Reaction ~ scale(Days, center = FALSE) + scale(Days, scale = FALSE) + (1 | Subject)")]
    [InlineData("Reaction ~ factor(Days) + (1 | Subject)")]
    public void The_schema_text_keeps_the_learnt_values_and_rebuilds_X_exactly(string formula)
    {
        var data = DesignTestData.Load("sleepstudy");
        var design = Build(formula);
        string text = DesignSchemaText.Write(design.Schema!);
        var back = DesignSchemaText.Read(text);
        Assert.Equal(text, DesignSchemaText.Write(back));
        var rows = NewRowsBuilder.Build(back, data, UnknownLevelPolicy.Error);
        Assert.Equal(design.X, rows.X);
        for (int t = 0; t < design.RandomTerms.Count; t++)
            Assert.Equal(design.RandomTerms[t].Z, rows.Terms[t].Z);
    }

    private static void AssertClose(IEnumerable<double> expected, IReadOnlyList<double> actual)
    {
        var e = expected.ToArray();
        Assert.Equal(e.Length, actual.Count);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(e[i])), $"[{i}] expected {e[i]:R}, got {actual[i]:R}");
    }

    private sealed class Close : IEqualityComparer<double>
    {
        private readonly double tol;
        public Close(double tol) => this.tol = tol;
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double v) => 0;
    }
}
