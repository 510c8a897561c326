using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using static LmmPS.Tests.Hardening.Pipeline;

namespace LmmPS.Tests.Hardening;

/// <summary>Every bad input the hardening issue lists, fed in as a runbook would (CSV text or file, formula text,
/// fit options): each must fail with our exception, its ErrorId, and the column / row / position in the message.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lmmps-hardening-" + Guid.NewGuid().ToString("N"));

    public BadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Four groups of three rows: identifiable for (1 | g), so only the defect under test can fail.
    private static readonly string Good = Csv("y,x,g", "1.5,1,a", "2.5,2,a", "2.0,3,a", "3.1,1,b", "2.9,2,b", "3.6,3,b",
        "0.7,1,c", "1.2,2,c", "0.4,3,c", "2.2,1,d", "2.8,2,d", "2.5,3,d");

    private static LmmException Fails(string errorId, Action action, params string[] messageParts)
    {
        var e = Assert.Throws<LmmException>(action);
        Assert.True(errorId == e.ErrorId, $"expected {errorId}, got {e.ErrorId}: {e.Message}");
        foreach (var part in messageParts)
            Assert.Contains(part, e.Message);
        return e;
    }

    [Fact]
    public void The_good_data_fits_so_each_case_below_fails_only_for_its_defect()
    {
        var fit = Fit("y ~ x + (1 | g)", Good);
        Assert.Equal(12, fit.Design.RowCount);
        Assert.True(double.IsFinite(fit.Objective));
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(_dir, "absent.csv");
        var e = Fails("FileNotFound", () => CsvDataReader.ReadFile(path), path, "Check the path");
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Unreadable_file_names_the_path()
    {
        var e = Fails("FileUnreadable", () => CsvDataReader.ReadFile(_dir), _dir);
        Assert.Equal(_dir, e.Path);
    }

    [Fact]
    public void Empty_file_and_header_only_file_name_the_path()
    {
        var empty = Path.Combine(_dir, "empty.csv");
        File.WriteAllText(empty, "");
        Assert.Equal(empty, Fails("EmptyFile", () => CsvDataReader.ReadFile(empty), empty).Path);

        var header = Path.Combine(_dir, "header.csv");
        File.WriteAllText(header, "y,x,g\r\n");
        Assert.Equal(header, Fails("NoDataRows", () => CsvDataReader.ReadFile(header), header).Path);
    }

    [Fact]
    public void Ragged_row_names_the_data_row()
    {
        var e = Fails("RaggedRow", () => Read(Csv("y,x,g", "1,1,a", "2,2,b", "3,3")), "Data row 3", "line 4");
        Assert.Equal(3, e.Row);
    }

    [Fact]
    public void Unbalanced_quote_names_the_data_row()
    {
        var e = Fails("UnbalancedQuote", () => Read(Csv("y,x,g", "1,1,a", "2,2,\"b", "3,3,c")), "data row 2", "line 3");
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Duplicate_column_names_name_the_column()
    {
        var e = Fails("DuplicateColumnName", () => Read(Csv("y,g,y", "1,a,2")), "'y'", "columns 1 and 3");
        Assert.Equal("y", e.Column);
    }

    [Fact]
    public void Unknown_column_suggests_the_nearest_name_and_gives_its_position()
    {
        var e = Fails("ColumnNotFound", () => BuildDesign("y ~ xx + (1 | g)", Good), "'xx'", "formula position 4", "Did you mean 'x'?");
        Assert.Equal("xx", e.Column);
        Assert.Equal(4, e.Position);

        var grouping = Fails("ColumnNotFound", () => BuildDesign("y ~ x + (1 | group)", Good), "Did you mean 'g'?");
        Assert.Equal(13, grouping.Position);
    }

    [Fact]
    public void Non_numeric_response_names_the_column()
    {
        var e = Fails("NonNumericResponse", () => BuildDesign("g ~ x + (1 | g)", Good), "'g' is categorical");
        Assert.Equal("g", e.Column);
        Assert.Equal(0, e.Position);
    }

    [Fact]
    public void Numeric_column_forced_categorical_with_one_level_is_named_at_its_position()
    {
        var csv = Csv("y,k,g", "1,7,a", "2,7,a", "3,7,b", "4,7,b", "5,7,c", "6,7,c");
        var options = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["k"] = ColumnKind.Categorical } };
        var e = Fails("FactorWithOneLevel", () => BuildDesign("y ~ k + (1 | g)", csv, options), "'k'", "only the level '7'");
        Assert.Equal("k", e.Column);
        Assert.Equal(4, e.Position);
    }

    [Fact]
    public void Grouping_factor_with_a_single_level_is_not_identifiable()
    {
        var csv = Csv("y,g", "1,a", "2,a", "3,a");
        var e = Fails("GroupingFactorTooFewLevels", () => BuildDesign("y ~ 1 + (1 | g)", csv), "'g'", "formula position 8");
        Assert.Equal(8, e.Position);
    }

    [Fact]
    public void Grouping_factor_with_a_level_per_row_is_not_identifiable()
    {
        var csv = Csv("y,id", "1,a", "2,b", "3,c", "4,d");
        var e = Fails("GroupingFactorTooManyLevels", () => BuildDesign("y ~ 1 + (1 | id)", csv), "'id'", "4 levels for 4 rows");
        Assert.Equal("id", e.Column);
        Assert.Equal(8, e.Position);
    }

    [Fact]
    public void All_rows_dropped_for_missing_values_names_the_worst_column()
    {
        var csv = Csv("y,x,g", "1,NA,a", "NA,2,b", "3,,a");
        var e = Fails("NoCompleteRows", () => BuildDesign("y ~ x + (1 | g)", csv), "'x' 2 of 3", "'y' 1 of 3");
        Assert.Equal("x", e.Column);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("-Inf")]
    public void Nan_or_infinity_in_the_data_names_column_and_row(string value)
    {
        var csv = Csv("y,x,g", "1,1,a", "2,2,a", $"3,{value},b", "4,4,b");
        var e = Fails("NonFiniteValue", () => Read(csv), "'x'", "row 3");
        Assert.Equal("x", e.Column);
        Assert.Equal(3, e.Row);
    }

    [Fact]
    public void Nan_passed_as_a_number_from_the_pipeline_is_refused_too()
    {
        var builder = new DataFrameBuilder();
        builder.AddRow(new Dictionary<string, object?> { ["y"] = 1.0, ["g"] = "a" });
        builder.AddRow(new Dictionary<string, object?> { ["y"] = double.PositiveInfinity, ["g"] = "b" });
        var e = Fails("NonFiniteValue", () => builder.Build(), "'y'", "row 2");
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Formula_syntax_error_puts_a_caret_at_the_position()
    {
        var e = Fails("FormulaSyntaxError", () => BuildDesign("y ~ x + (1 | g", Good), "position 8", "never closed");
        Assert.Equal(8, e.Position);
        Assert.EndsWith("\n  " + new string(' ', 8) + "^", e.Message);
    }

    [Theory]
    [InlineData("y ~ x + sin(x) + (1 | g)", 8, "'sin(...)'")]
    [InlineData("y ~ tan(x) + (1 | g)", 4, "'tan(...)'")]
    public void Unsupported_construct_is_named_as_such(string formula, int position, string construct)
    {
        var e = Fails("UnsupportedFormulaConstruct", () => BuildDesign(formula, Good), construct, $"position {position}");
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Theta_of_the_wrong_length_lists_the_expected_names()
    {
        var design = BuildDesign("y ~ x + (1 | g)", Good);
        var e = Fails("ThetaWrongLength", () => LmmFitter.Fit(design, new FitOptions { StartTheta = new[] { 1.0, 0.5 } }),
            "2 element(s); this model has 1: g.(Intercept)");
    }

    [Fact]
    public void Theta_out_of_bounds_names_the_element()
    {
        var design = BuildDesign("y ~ x + (1 | g)", Good);
        Fails("ThetaOutOfBounds", () => LmmFitter.Fit(design, new FitOptions { StartTheta = new[] { -0.1 } }), "Theta element 1 (g.(Intercept))", ">= 0");
        Fails("ThetaOutOfBounds", () => LmmFitter.Fit(design, new FitOptions { StartTheta = new[] { double.NaN } }), "finite");
    }
}
