using System.Text.Json;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Design;

/// <summary>Explicit contrasts and offsets (issue 19) against lme4's reference files (tests/data/reference/ff_*.json,
/// copied from the shared folder): the coding matrices and column names R used (<c>contrast_matrices</c>), and an
/// offset that is not a column of X and is subtracted from the response (closed form on the data).</summary>
public class ContrastAndOffsetTests
{
    [Theory]
    [InlineData("ff_Pastes_contr_sum_REML.json", "Sum")]
    [InlineData("ff_Pastes_contr_helmert_REML.json", "Helmert")]
    [InlineData("ff_Pastes_treatment_base2_REML.json", "Treatment:b")]
    public void Codings_and_names_are_Rs(string file, string coding)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var reference = root.GetProperty("contrast_matrices").GetProperty("cask");
        var data = DesignTestData.Load("Pastes");
        var design = DesignBuilder.Build(FormulaParser.Parse(root.GetProperty("formula").GetString()!), data,
            new Dictionary<string, ContrastSpec> { ["cask"] = ContrastSpec.Parse("cask", coding) });
        Assert.Equal(root.GetProperty("design").GetProperty("fixef_columns").EnumerateArray().Select(e => e.GetString()), design.FixedEffectNames);

        // Each row's X columns are its level's row of R's coding matrix.
        var levels = reference.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToList();
        var matrix = reference.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var cask = (CategoricalColumn)data.Columns.First(c => c.Name == "cask");
        int n = design.RowCount;
        for (int i = 0; i < n; i++)
        {
            int level = levels.IndexOf(cask.Levels[cask[design.RowsUsed[i]]]);
            for (int j = 0; j < 2; j++)
                Assert.Equal(matrix[level][j], design.X[(j + 1) * n + i]);
        }

        var back = DesignSchemaText.Read(DesignSchemaText.Write(design.Schema!));
        Assert.Equal(ContrastSpec.Parse("cask", coding).RName, back.Variable("cask")!.Contrast);
        Assert.Equal(design.X, NewRowsBuilder.Build(back, data, UnknownLevelPolicy.Error).X);
    }

    [Theory]
    [InlineData("batch", "Sum", "not a variable of the fixed effects")]
    [InlineData("nothere", "Sum", "not a variable of the fixed effects")]
    [InlineData("strength", "Sum", "not a variable of the fixed effects")]
    [InlineData("cask", "Deviation", "not a coding")]
    [InlineData("cask", "Sum:a", "not a coding")]
    [InlineData("cask", "Treatment:z", "'z' the reference level")]
    public void A_bad_contrast_is_an_error_naming_the_column(string column, string coding, string message)
    {
        var e = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse("strength ~ cask + (1 | batch)"), DesignTestData.Load("Pastes"),
            new Dictionary<string, ContrastSpec> { [column] = ContrastSpec.Parse(column, coding) }));
        Assert.Equal("InvalidContrast", e.ErrorId);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_numeric_column_cannot_take_contrasts()
    {
        var e = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + (1 | Subject)"), DesignTestData.Load("sleepstudy"),
            new Dictionary<string, ContrastSpec> { ["Days"] = new ContrastSpec(ContrastKind.Sum) }));
        Assert.Equal("InvalidContrast", e.ErrorId);
        Assert.Contains("numeric, not a factor", e.Message);
    }

    [Fact]
    public void An_offset_is_no_column_of_X_and_is_taken_from_the_response()
    {
        using var doc = TestData.Reference("ff_sleepstudy_offset_ML.json");
        var root = doc.RootElement;
        var data = DesignTestData.Load("sleepstudy_w_off");
        var design = DesignBuilder.Build(FormulaParser.Parse(root.GetProperty("formula").GetString()!), data);
        Assert.Equal(root.GetProperty("design").GetProperty("fixef_columns").EnumerateArray().Select(e => e.GetString()), design.FixedEffectNames);
        var off = ((NumericColumn)data.Columns.First(c => c.Name == "off")).Values.ToArray();
        var y = ((NumericColumn)data.Columns.First(c => c.Name == "Reaction")).Values.ToArray();
        Assert.Equal(root.GetProperty("offset_info").GetProperty("offset_first").EnumerateArray().Select(e => e.GetDouble()), design.Offset!);
        Assert.Equal(y.Zip(off, (a, b) => a - b), design.Response);

        // On new rows the offset expression is evaluated there: 2 * off, as offset(2 * off) would give.
        var doubled = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days + offset(2*off) + (Days | Subject)"), data);
        var rows = NewRowsBuilder.Build(doubled.Schema!, data, UnknownLevelPolicy.Error);
        Assert.Equal(off.Select(v => 2 * v), rows.Offset!);
    }
}
