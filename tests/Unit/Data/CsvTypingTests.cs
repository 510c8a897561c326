using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

public class CsvTypingTests
{
    internal static DataFrame Read(string csv, DataReadOptions? options = null) =>
        CsvDataReader.Read(new StringReader(csv), options, "test.csv");

    internal static T Col<T>(DataFrame df, string name) where T : Column =>
        Assert.IsType<T>(df.TryGetColumn(name, out var c) ? c : null);

    private static DataReadOptions Kinds(string column, ColumnKind kind) =>
        new() { ColumnKinds = new Dictionary<string, ColumnKind> { [column] = kind } };

    [Fact]
    public void Numbers_in_every_invariant_form_make_a_numeric_column()
    {
        var x = Col<NumericColumn>(Read("x\n1\n-2.5\n1e3\n.5\n+4\n 7 \n"), "x");
        Assert.Equal(new[] { 1, -2.5, 1000, 0.5, 4, 7 }, x.Values.ToArray());
    }

    [Fact]
    public void Empty_NA_and_custom_tokens_are_missing()
    {
        var df = Read("x,g\n1,a\n,\nNA,NA\n4,b\n", null);
        var x = Col<NumericColumn>(df, "x");
        var g = Col<CategoricalColumn>(df, "g");
        Assert.Equal(1, x[0]);
        Assert.True(x.IsMissing(1) && x.IsMissing(2));
        Assert.Equal(4, x[3]);
        Assert.Equal(new[] { 0, -1, -1, 1 }, g.Codes.ToArray());
        Assert.Equal(new[] { "a", "b" }, g.Levels);

        var dot = Read("x\n1\n.\n3\n", new DataReadOptions { MissingTokens = new[] { "." } });
        Assert.True(Col<NumericColumn>(dot, "x").IsMissing(1));
        // With "." as the missing token, "NA" is an ordinary value: the column becomes a factor.
        var na = Read("x\n1\nNA\n", new DataReadOptions { MissingTokens = new[] { "." } });
        Assert.Equal(new[] { "1", "NA" }, Col<CategoricalColumn>(na, "x").Levels);
    }

    [Fact]
    public void A_late_text_value_turns_the_column_categorical_keeping_original_labels()
    {
        // Rows before the switch were held as numbers; "007", "1.50" and "1e2" must come back exactly as written.
        var g = Col<CategoricalColumn>(Read("g\n007\n1.50\n2\n1e2\n\n3.25\nx\n2\n"), "g");
        // Not all labels are numbers, so ordinal order: '0' < '1' < '2' < '3' < 'x'.
        Assert.Equal(new[] { "007", "1.50", "1e2", "2", "3.25", "x" }, g.Levels);
        Assert.Equal(new[] { 0, 1, 3, 2, 4, 5, 3 }, g.Codes.ToArray());
    }

    [Fact]
    public void Blank_line_inside_data_is_skipped_like_R()
    {
        var df = Read("x,y\n1,2\n\n3,4\n");
        Assert.Equal(2, df.RowCount);
        Assert.Equal(3, Col<NumericColumn>(df, "x")[1]);
    }

    [Fact]
    public void Numeric_labels_order_by_value_then_text()
    {
        var g = Col<CategoricalColumn>(Read("g\n10\n9\n1.0\n1\n-3\n", Kinds("g", ColumnKind.Categorical)), "g");
        // R: factor(c(10, 9, 1, 1, -3)) sorts by value; "1" and "1.0" tie and go by ordinal text.
        Assert.Equal(new[] { "-3", "1", "1.0", "9", "10" }, g.Levels);
        Assert.Equal(new[] { 4, 3, 2, 1, 0 }, g.Codes.ToArray());
        Assert.False(g.IsOrdered);
    }

    [Fact]
    public void Text_labels_order_ordinally()
    {
        var g = Col<CategoricalColumn>(Read("g\nb\na\nB\n_\n10\n9\n"), "g");
        // String.CompareOrdinal: '1'(49) < '9'(57) < 'B'(66) < '_'(95) < 'a'(97) < 'b'(98).
        Assert.Equal(new[] { "10", "9", "B", "_", "a", "b" }, g.Levels);
    }

    [Fact]
    public void Ordered_categorical_sets_IsOrdered()
    {
        var g = Col<CategoricalColumn>(Read("g\n8\n2\n4\n", Kinds("g", ColumnKind.OrderedCategorical)), "g");
        Assert.True(g.IsOrdered);
        Assert.Equal(new[] { "2", "4", "8" }, g.Levels);
    }

    [Fact]
    public void Given_level_order_is_used_and_keeps_unused_levels()
    {
        var options = new DataReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "low", "mid", "high" } } };
        var g = Col<CategoricalColumn>(Read("g\nhigh\nlow\nhigh\n", options), "g");
        Assert.Equal(new[] { "low", "mid", "high" }, g.Levels);
        Assert.Equal(new[] { 2, 0, 2 }, g.Codes.ToArray());
    }

    [Fact]
    public void Given_level_order_makes_a_numeric_looking_column_a_factor()
    {
        var options = new DataReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["d"] = new[] { "15", "5", "10" } } };
        var d = Col<CategoricalColumn>(Read("d\n5\n10\n15\n", options), "d");
        Assert.Equal(new[] { "15", "5", "10" }, d.Levels);
        Assert.Equal(new[] { 1, 2, 0 }, d.Codes.ToArray());
    }

    [Fact]
    public void Nonfinite_labels_in_a_text_column_are_ordinary_labels()
    {
        var g = Col<CategoricalColumn>(Read("g\nInf\nNaN\nabc\n"), "g");
        Assert.Equal(new[] { "Inf", "NaN", "abc" }, g.Levels);
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_quotes_and_newlines()
    {
        var df = Read("name,x\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n");
        Assert.Equal(new[] { "a,b", "say \"hi\"", "two\nlines" }, Col<CategoricalColumn>(df, "name").Levels);
        Assert.Equal(new double[] { 1, 2, 3 }, Col<NumericColumn>(df, "x").Values.ToArray());
    }

    [Fact]
    public void Semicolon_delimiter_and_byte_order_mark()
    {
        var df = Read("\uFEFFa;b\r\n1,5;x\r\n2;y\r\n", new DataReadOptions { Delimiter = ';' });
        Assert.Equal(new[] { "a", "b" }, df.ColumnNames);
        // "1,5" is not an invariant-culture number, so a is a factor (no culture-dependent guessing).
        Assert.Equal(new[] { "1,5", "2" }, Col<CategoricalColumn>(df, "a").Levels);
    }

    [Fact]
    public void All_missing_column_is_numeric_and_missing()
    {
        var x = Col<NumericColumn>(Read("x,y\n,1\nNA,2\n"), "x");
        Assert.True(x.IsMissing(0) && x.IsMissing(1));
    }
}
