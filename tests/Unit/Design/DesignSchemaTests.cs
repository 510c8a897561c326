using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Design;

/// <summary>The design schema: it rebuilds X and Z for the fit's own rows exactly as the design built them, survives
/// its text form, and applies its unknown-level policy on the shared new-data files (whose new labels the
/// predict_*.json files flag, newdata_level_known).</summary>
public class DesignSchemaTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "sleepstudy", "Reaction ~ Days + (Days | Subject)" },
        { "sleepstudy", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)" },
        { "Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)" },
        { "Pastes", "strength ~ 1 + (1 | batch) + (1 | batch:cask)" },
        { "InstEval", "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schema_rebuilds_X_and_Z_of_the_original_rows_identically(string dataset, string formula)
    {
        var data = DesignTestData.Load(dataset);
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), data);
        var rows = NewRowsBuilder.Build(design.Schema!, data, UnknownLevelPolicy.Error);
        AssertSameAsDesign(design, rows);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schema_survives_its_text_form(string dataset, string formula)
    {
        var data = DesignTestData.Load(dataset);
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), data);
        string text = DesignSchemaText.Write(design.Schema!);
        var back = DesignSchemaText.Read(text);
        Assert.Equal(text, DesignSchemaText.Write(back));
        AssertSameAsDesign(design, NewRowsBuilder.Build(back, data, UnknownLevelPolicy.Error));
    }

    [Fact]
    public void Schema_records_levels_codings_and_term_order()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"), DesignTestData.Load("InstEval"));
        var schema = design.Schema!;
        Assert.Equal("y", schema.Response);
        var service = schema.Variable("service")!;
        Assert.True(service.IsFactor);
        Assert.Equal(new[] { "0", "1" }, service.Levels);
        Assert.Equal("contr.treatment", service.Contrast);
        Assert.Equal(new[] { "(Intercept)", "service1" }, schema.FixedEffectNames);
        // lme4 sorts the terms by decreasing level count: s (2972), d (1128), dept:service; written in that order too.
        Assert.Equal(new[] { "s", "d", "dept:service" }, schema.RandomTerms.Select(t => t.Group));
        Assert.Equal(new[] { 0, 1, 2 }, schema.RandomTerms.Select(t => t.FormulaIndex));
        Assert.Equal(2972, schema.RandomTerms[0].Levels.Count);
    }

    [Theory]
    [InlineData("sleepstudy", "Reaction ~ Days + (Days | Subject)", "predict_sleepstudy_REML.json")]
    [InlineData("Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", "predict_Penicillin_REML.json")]
    [InlineData("Pastes", "strength ~ 1 + (1 | batch) + (1 | batch:cask)", "predict_Pastes_REML.json")]
    public void Unknown_levels_get_no_random_effect_for_their_own_term_only(string dataset, string formula, string reference)
    {
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), DesignTestData.Load(dataset));
        var newData = DesignTestData.Load(dataset + "_newdata");
        var rows = NewRowsBuilder.Build(design.Schema!, newData, UnknownLevelPolicy.ZeroRandomEffect);
        using var doc = TestData.Reference(reference);
        var known = doc.RootElement.GetProperty("newdata_level_known");
        Assert.Equal(newData.RowCount, rows.RowCount);
        foreach (var term in rows.Terms)
        {
            var expected = known.GetProperty(term.Group).EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            Assert.Equal(expected, term.LevelIndex.Select(l => l >= 0).ToArray());
            Assert.Contains(false, expected);
        }
    }

    [Fact]
    public void Error_policy_names_the_row_the_grouping_factor_and_the_label()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy"));
        var newData = DesignTestData.Load("sleepstudy_newdata");
        var e = Assert.Throws<LmmException>(() => NewRowsBuilder.Build(design.Schema!, newData, UnknownLevelPolicy.Error));
        Assert.Equal("NewGroupingLevel", e.ErrorId);
        Assert.Equal("Subject", e.Column);
        // The first row flagged unknown in predict_sleepstudy_REML.json's newdata_level_known.
        using var doc = TestData.Reference("predict_sleepstudy_REML.json");
        var flags = doc.RootElement.GetProperty("newdata_level_known").GetProperty("Subject").EnumerateArray().Select(x => x.GetBoolean()).ToList();
        Assert.Equal(flags.IndexOf(false) + 1, e.Row);
        Assert.Contains(DesignTestData.RawField("sleepstudy_newdata", "Subject")[flags.IndexOf(false)], e.Message);
    }

    [Fact]
    public void A_new_level_of_a_fixed_effects_factor_is_an_error_naming_row_column_and_label()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"), DesignTestData.Load("InstEval"));
        var data = Frame(("s", new object?[] { "1", "1" }), ("d", new object?[] { "1002", "1002" }), ("dept", new object?[] { "2", "2" }), ("service", new object?[] { "1", "7" }));
        var e = Assert.Throws<LmmException>(() => NewRowsBuilder.Build(design.Schema!, data, UnknownLevelPolicy.ZeroRandomEffect));
        Assert.Equal("NewFactorLevel", e.ErrorId);
        Assert.Equal("service", e.Column);
        Assert.Equal(2, e.Row);
        Assert.Contains("'7'", e.Message);
    }

    [Fact]
    public void A_missing_column_is_an_error_naming_it()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), DesignTestData.Load("sleepstudy"));
        var data = Frame(("days", new object?[] { 1.0 }), ("Subject", new object?[] { "308" }));
        var e = Assert.Throws<LmmException>(() => NewRowsBuilder.Build(design.Schema!, data, UnknownLevelPolicy.ZeroRandomEffect));
        Assert.Equal("NewDataColumnNotFound", e.ErrorId);
        Assert.Equal("Days", e.Column);
        Assert.Contains("'days'", e.Message);
    }

    [Fact]
    public void A_numeric_grouping_variable_accepts_text_labels_as_new_levels()
    {
        // Subject read as numbers (lme4 then groups by factor(Subject), labelled "308", ...); new data reads it as text.
        var data = DesignTestData.Load("sleepstudy");
        var subject = (CategoricalColumn)data.Columns.Single(c => c.Name == "Subject");
        var numeric = new NumericColumn("Subject", Enumerable.Range(0, data.RowCount)
            .Select(r => double.Parse(subject.Levels[subject[r]], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var frame = new DataFrame(data.Columns.Select(c => c.Name == "Subject" ? numeric : c).ToList());
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (Days | Subject)"), frame);
        Assert.False(design.Schema!.Variable("Subject")!.IsFactor);
        Assert.False(design.Schema.ColumnKinds().ContainsKey("Subject"));
        var rows = NewRowsBuilder.Build(design.Schema, Frame(("Days", new object?[] { 1.0, 2.0 }), ("Subject", new object?[] { "308", "S400" })), UnknownLevelPolicy.ZeroRandomEffect);
        Assert.Equal(new[] { 0, -1 }, rows.Terms[0].LevelIndex);
        Assert.Equal(new[] { "308", "S400" }, rows.Terms[0].Labels);
    }

    private static DataFrame Frame(params (string Name, object?[] Values)[] columns)
    {
        var builder = new DataFrameBuilder(new DataReadOptions
        {
            ColumnKinds = columns.ToDictionary(c => c.Name, c => c.Values[0] is string ? ColumnKind.Categorical : ColumnKind.Numeric),
        });
        for (int r = 0; r < columns[0].Values.Length; r++)
            builder.AddRow(columns.Select(c => new KeyValuePair<string, object?>(c.Name, c.Values[r])));
        return builder.Build();
    }

    private static void AssertSameAsDesign(ModelDesign design, NewRowsDesign rows)
    {
        Assert.Equal(design.RowsUsed, rows.Rows);
        Assert.Equal(design.X, rows.X);
        Assert.Equal(design.RandomTerms.Count, rows.Terms.Count);
        for (int t = 0; t < rows.Terms.Count; t++)
        {
            Assert.Equal(design.RandomTerms[t].Group, rows.Terms[t].Group);
            Assert.Equal(design.RandomTerms[t].Z, rows.Terms[t].Z);
            Assert.Equal(design.RandomTerms[t].LevelIndex, rows.Terms[t].LevelIndex);
        }
    }
}
