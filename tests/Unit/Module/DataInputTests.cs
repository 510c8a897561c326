using System.Collections;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Module;

/// <summary>Pipeline values and data parameters -> engine input.</summary>
public class DataInputTests
{
    private enum Shade { Light, Dark }

    [Fact]
    public void Numbers_of_every_clr_type_become_doubles()
    {
        Assert.Equal(3.0, RowValueNormalizer.Normalize(3, "a", 1));
        Assert.Equal(3.0, RowValueNormalizer.Normalize((byte)3, "a", 1));
        Assert.Equal(-3.0, RowValueNormalizer.Normalize(-3L, "a", 1));
        Assert.Equal(2.5, RowValueNormalizer.Normalize(2.5m, "a", 1));
        Assert.Equal(0.25, RowValueNormalizer.Normalize(0.25f, "a", 1));
        Assert.Equal(249.56, RowValueNormalizer.Normalize(249.56, "a", 1));
    }

    [Fact]
    public void Text_booleans_and_missing_values_pass_through()
    {
        Assert.Equal("308", RowValueNormalizer.Normalize("308", "Subject", 1));
        Assert.Equal(true, RowValueNormalizer.Normalize(true, "a", 1));
        Assert.Null(RowValueNormalizer.Normalize(null, "a", 1));
        Assert.Null(RowValueNormalizer.Normalize(DBNull.Value, "a", 1));
    }

    [Fact]
    public void Scalars_that_are_not_numbers_become_factor_levels()
    {
        Assert.Equal("Dark", RowValueNormalizer.Normalize(Shade.Dark, "a", 1));
        Assert.Equal("x", RowValueNormalizer.Normalize('x', "a", 1));
        Assert.Equal("2024-02-29T13:05:00.0000000", RowValueNormalizer.Normalize(new DateTime(2024, 2, 29, 13, 5, 0), "a", 1));
    }

    [Fact]
    public void A_collection_value_is_refused_naming_column_and_row()
    {
        var ex = Assert.Throws<LmmException>(() => RowValueNormalizer.Normalize(new[] { 1, 2 }, "Days", 7));
        Assert.Equal("UnsupportedValueType", ex.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidData, ex.Category);
        Assert.Equal("Days", ex.Column);
        Assert.Equal(7, ex.Row);
        Assert.Contains("Column 'Days', row 7", ex.Message);
        Assert.Contains("System.Int32[]", ex.Message);
    }

    [Fact]
    public void An_object_value_is_refused()
    {
        var ex = Assert.Throws<LmmException>(() => RowValueNormalizer.Normalize(new object(), "g", 2));
        Assert.Equal("UnsupportedValueType", ex.ErrorId);
        Assert.Contains("row 2", ex.Message);
    }

    [Fact]
    public void An_empty_pipeline_is_an_error_that_says_what_to_pipe()
    {
        var reader = new PipelineRowReader(new DataReadOptions());
        var ex = Assert.Throws<LmmException>(() => reader.Build());
        Assert.Equal("EmptyPipeline", ex.ErrorId);
        Assert.Contains("-Path", ex.Message);
    }

    [Fact]
    public void A_row_without_properties_is_an_error_with_its_row_number()
    {
        var reader = new PipelineRowReader(new DataReadOptions());
        var ex = Assert.Throws<LmmException>(() => reader.AddRow(Array.Empty<KeyValuePair<string, object?>>()));
        Assert.Equal("EmptyInputObject", ex.ErrorId);
        Assert.Equal(1, ex.Row);
        Assert.Equal(0, reader.RowCount);
    }

    [Fact]
    public void A_bad_value_in_a_row_is_reported_before_the_row_is_added()
    {
        var reader = new PipelineRowReader(new DataReadOptions());
        var row = new Dictionary<string, object?> { ["Reaction"] = 249.56, ["Days"] = new ArrayList { 0 } };
        var ex = Assert.Throws<LmmException>(() => reader.AddRow(row));
        Assert.Equal("Days", ex.Column);
        Assert.Equal(1, ex.Row);
        Assert.Equal(0, reader.RowCount);
    }

    [Fact]
    public void A_hashtable_row_gives_its_keys_as_columns()
    {
        var pairs = PipelineRowReader.PairsOf(new Hashtable { ["Reaction"] = 249.56, ["Subject"] = "308" }).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(249.56, pairs["Reaction"]);
        Assert.Equal("308", pairs["Subject"]);
        Assert.Equal(2, pairs.Count);
    }

    [Fact]
    public void Categorical_and_ordered_columns_become_column_kinds()
    {
        var options = ReadOptionsFactory.Create(new[] { "Subject" }, new[] { "temperature" }, ';');
        Assert.Equal(ColumnKind.Categorical, options.ColumnKinds["Subject"]);
        Assert.Equal(ColumnKind.OrderedCategorical, options.ColumnKinds["temperature"]);
        Assert.Equal(';', options.Delimiter);
        Assert.Equal(',', ReadOptionsFactory.Create(null, null, null).Delimiter);
    }

    [Fact]
    public void A_column_both_categorical_and_ordered_is_refused()
    {
        var ex = Assert.Throws<LmmException>(() => ReadOptionsFactory.Create(new[] { "Days" }, new[] { "Days" }, null));
        Assert.Equal("ConflictingColumnKind", ex.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidArgument, ex.Category);
        Assert.Equal("Days", ex.Column);
        Assert.Contains("'Days'", ex.Message);
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\r')]
    public void Delimiters_that_clash_with_csv_syntax_are_refused(char delimiter)
    {
        var ex = Assert.Throws<LmmException>(() => ReadOptionsFactory.Create(null, null, delimiter));
        Assert.Equal("InvalidDelimiter", ex.ErrorId);
    }

    [Fact]
    public void A_categorical_column_that_is_not_in_the_data_is_ColumnNotFound_listing_the_columns()
    {
        var data = new DataFrame(new Column[]
        {
            new NumericColumn("Reaction", new[] { 249.56, 258.7047 }),
            new NumericColumn("Days", new[] { 0.0, 1.0 }),
        });
        var options = ReadOptionsFactory.Create(new[] { "Subjekt" }, null, null);
        var ex = Assert.Throws<LmmException>(() => ReadOptionsFactory.EnsureColumnsExist(data, options, "sleepstudy.csv"));
        Assert.Equal("ColumnNotFound", ex.ErrorId);
        Assert.Equal(LmmErrorCategory.ObjectNotFound, ex.Category);
        Assert.Equal("Subjekt", ex.Column);
        Assert.Contains("-Categorical names column 'Subjekt'", ex.Message);
        Assert.Contains("Reaction, Days", ex.Message);
        ReadOptionsFactory.EnsureColumnsExist(data, ReadOptionsFactory.Create(new[] { "Days" }, null, null), "x");
    }
}
