using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

public sealed class CsvErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lmmps-data-" + Guid.NewGuid().ToString("N"));

    public CsvErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void Read(string csv, DataReadOptions? options = null) => CsvTypingTests.Read(csv, options);

    [Fact]
    public void Missing_file()
    {
        var path = Path.Combine(_dir, "nope.csv");
        var e = ErrorAssert.Throws("FileNotFound", () => CsvDataReader.ReadFile(path), path);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Directory_instead_of_file()
    {
        var e = ErrorAssert.Throws("FileUnreadable", () => CsvDataReader.ReadFile(_dir), _dir);
        Assert.Equal(_dir, e.Path);
    }

    [Fact]
    public void Empty_file()
    {
        var path = WriteFile("empty.csv", "");
        var e = ErrorAssert.Throws("EmptyFile", () => CsvDataReader.ReadFile(path), path);
        Assert.Equal(path, e.Path);
        ErrorAssert.Throws("EmptyFile", () => Read("\r\n\r\n"));
    }

    [Fact]
    public void Header_only()
    {
        var path = WriteFile("header.csv", "a,b\r\n");
        ErrorAssert.Throws("NoDataRows", () => CsvDataReader.ReadFile(path), path, "a, b");
        ErrorAssert.Throws("NoDataRows", () => Read("a,b\n\n\n"));
    }

    [Fact]
    public void Ragged_row_names_data_row_file_line_and_counts()
    {
        // Data row 3 starts on file line 6: header (1), row 1 (2), blank (3), row 2 spans lines 4-5 (quoted newline).
        var e = ErrorAssert.Throws("RaggedRow", () => Read("a,b\n1,x\n\n2,\"y\nz\"\n3,w,extra\n4,v\n"),
            "Data row 3", "line 6", "3 field(s)", "header has 2");
        Assert.Equal(3, e.Row);
        Assert.Equal("test.csv", e.Path);

        var shortRow = ErrorAssert.Throws("RaggedRow", () => Read("a,b\n1,2\n3\n"), "Data row 2", "line 3", "1 field(s)");
        Assert.Equal(2, shortRow.Row);
    }

    [Fact]
    public void Unbalanced_quote_is_reported_not_swallowed()
    {
        // Without a check CsvHelper reads everything after the open quote as one field and reports 2 rows, not 4.
        var e = ErrorAssert.Throws("UnbalancedQuote", () => Read("a,b\n1,x\n2,\"y\n3,z\n4,w\n"), "data row 2", "line 3");
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Unbalanced_quote_in_file_names_the_file()
    {
        var path = WriteFile("quote.csv", "a,b\r\n1,\"x\r\n2,y\r\n");
        var e = ErrorAssert.Throws("UnbalancedQuote", () => CsvDataReader.ReadFile(path), "data row 1", "line 2", path);
        Assert.Equal(1, e.Row);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Stray_quote_inside_a_field()
    {
        var e = ErrorAssert.Throws("StrayQuote", () => Read("a,b\n1,x\n2,ab\"c\n"), "data row 2", "line 3", "ab\"c");
        Assert.Equal(2, e.Row);
        ErrorAssert.Throws("StrayQuote", () => Read("a,b\n1,\"x\"y\n"), "data row 1");
    }

    [Fact]
    public void Duplicate_column_names_give_both_positions()
    {
        var e = ErrorAssert.Throws("DuplicateColumnName", () => Read("x,y,x\n1,2,3\n"), "'x'", "columns 1 and 3");
        Assert.Equal("x", e.Column);
    }

    [Fact]
    public void Empty_column_name()
    {
        ErrorAssert.Throws("EmptyColumnName", () => Read("x,,z\n1,2,3\n"), "Column 2", "line 1");
        ErrorAssert.Throws("EmptyColumnName", () => Read("x, \n1,2\n"), "Column 2");
    }

    [Fact]
    public void Forced_numeric_with_text_names_column_row_and_value()
    {
        var options = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } };
        var e = ErrorAssert.Throws("NonNumericValue", () => Read("x\n1\nNA\nabc\n", options), "'x'", "row 3", "'abc'");
        Assert.Equal("x", e.Column);
        Assert.Equal(3, e.Row);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("-Inf")]
    [InlineData("Infinity")]
    [InlineData("-infinity")]
    [InlineData("1e999")]
    public void Nonfinite_value_in_numeric_column(string value)
    {
        var e = ErrorAssert.Throws("NonFiniteValue", () => Read($"x,y\n1,2\n3,4\n{value},5\n6,7\n"), "'x'", "row 3", value);
        Assert.Equal("x", e.Column);
        Assert.Equal(3, e.Row);

        var options = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } };
        Assert.Equal(3, ErrorAssert.Throws("NonFiniteValue", () => Read($"x\n1\n2\n{value}\n", options)).Row);
    }

    [Fact]
    public void Unknown_level_names_column_row_and_value()
    {
        var options = new DataReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "a", "b" } } };
        var e = ErrorAssert.Throws("UnknownLevel", () => Read("g\na\nb\nc\nd\nc\n", options), "'g'", "'c'", "row 3");
        Assert.Equal("g", e.Column);
        Assert.Equal(3, e.Row);
    }

    [Fact]
    public void Bad_level_order_options()
    {
        var duplicate = new DataReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "a", "b", "a" } } };
        ErrorAssert.Throws("DuplicateLevel", () => Read("g\na\n", duplicate), "'g'", "positions 1 and 3");

        var conflict = new DataReadOptions
        {
            ColumnKinds = new Dictionary<string, ColumnKind> { ["g"] = ColumnKind.Numeric },
            LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "a" } },
        };
        ErrorAssert.Throws("ConflictingColumnOptions", () => Read("g\na\n", conflict), "'g'");
    }

    [Fact]
    public void Options_naming_an_absent_column()
    {
        var options = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["subject"] = ColumnKind.Categorical } };
        var e = ErrorAssert.Throws("ColumnNotFound", () => Read("Subject\n1\n", options), "'subject'", "Subject");
        Assert.Equal("subject", e.Column);
    }
}
