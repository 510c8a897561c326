using System.Globalization;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

public class DataFrameBuilderTests
{
    private static KeyValuePair<string, object?>[] Row(params (string Name, object? Value)[] values) =>
        values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)).ToArray();

    [Fact]
    public void Typed_values_become_numbers_and_strings_are_typed_like_csv()
    {
        var b = new DataFrameBuilder();
        b.AddRow(Row(("y", 1.5), ("n", 3), ("s", "2.5"), ("m", 1.25m), ("g", "a")));
        b.AddRow(Row(("y", 2.5f), ("n", 4L), ("s", "NA"), ("m", null), ("g", "b")));
        b.AddRow(Row(("y", (short)7), ("n", (byte)5), ("s", ""), ("m", DBNull.Value), ("g", null)));
        var df = b.Build();
        Assert.Equal(3, b.RowCount);
        Assert.Equal(new[] { 1.5, 2.5, 7 }, CsvTypingTests.Col<NumericColumn>(df, "y").Values.ToArray());
        var f = new DataFrameBuilder();
        f.AddRow(Row(("x", 0.1f)));
        Assert.Equal(0.1, CsvTypingTests.Col<NumericColumn>(f.Build(), "x")[0]); // the float's decimal value, not (double)0.1f
        Assert.Equal(new double[] { 3, 4, 5 }, CsvTypingTests.Col<NumericColumn>(df, "n").Values.ToArray());
        var s = CsvTypingTests.Col<NumericColumn>(df, "s");
        Assert.Equal(2.5, s[0]);
        Assert.True(s.IsMissing(1) && s.IsMissing(2));
        var m = CsvTypingTests.Col<NumericColumn>(df, "m");
        Assert.Equal(1.25, m[0]);
        Assert.True(m.IsMissing(1) && m.IsMissing(2));
        var g = CsvTypingTests.Col<CategoricalColumn>(df, "g");
        Assert.Equal(new[] { 0, 1, -1 }, g.Codes.ToArray());
    }

    [Fact]
    public void Numbers_keep_their_own_text_when_the_column_turns_categorical()
    {
        var b = new DataFrameBuilder();
        foreach (var v in new object?[] { 10, 0.1f, 1.50m, 2.0, "x" }) b.AddRow(Row(("g", v)));
        var g = CsvTypingTests.Col<CategoricalColumn>(b.Build(), "g");
        // int 10 -> "10", float 0.1f -> "0.1" (not the widened double's digits), decimal 1.50m -> "1.50", double 2.0 -> "2".
        Assert.Equal(new[] { "0.1", "1.50", "10", "2", "x" }, g.Levels);
        Assert.Equal(new[] { 2, 0, 1, 3, 4 }, g.Codes.ToArray());
    }

    [Fact]
    public void Booleans_and_other_objects_are_labels()
    {
        var b = new DataFrameBuilder();
        b.AddRow(Row(("flag", true), ("when", new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc)), ("id", new Guid("00000000-0000-0000-0000-000000000001"))));
        b.AddRow(Row(("flag", false), ("when", new DateTime(2023, 5, 6, 0, 0, 0, DateTimeKind.Utc)), ("id", new Guid("00000000-0000-0000-0000-000000000002"))));
        var df = b.Build();
        Assert.Equal(new[] { "FALSE", "TRUE" }, CsvTypingTests.Col<CategoricalColumn>(df, "flag").Levels);
        // Invariant culture: "MM/dd/yyyy HH:mm:ss" whatever the machine's culture.
        Assert.Equal(new[] { "01/02/2024 00:00:00", "05/06/2023 00:00:00" }, CsvTypingTests.Col<CategoricalColumn>(df, "when").Levels);
        Assert.Equal(2, CsvTypingTests.Col<CategoricalColumn>(df, "id").Levels.Count);
    }

    [Fact]
    public void Later_row_without_a_column_gets_missing_there()
    {
        var b = new DataFrameBuilder();
        b.AddRow(Row(("x", 1), ("g", "a")));
        b.AddRow(Row(("g", "b")));
        var df = b.Build();
        Assert.True(CsvTypingTests.Col<NumericColumn>(df, "x").IsMissing(1));
        Assert.Equal(new[] { "x", "g" }, df.ColumnNames);
    }

    [Fact]
    public void New_column_in_a_later_row_is_an_error_naming_the_row()
    {
        var b = new DataFrameBuilder();
        b.AddRow(Row(("x", 1)));
        b.AddRow(Row(("x", 2)));
        var e = ErrorAssert.Throws("UnexpectedColumn", () => b.AddRow(Row(("x", 3), ("z", 1))), "row 3", "'z'");
        Assert.Equal(3, e.Row);
        Assert.Equal("z", e.Column);
    }

    [Fact]
    public void Same_typing_rules_as_csv()
    {
        var forced = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } };
        var b = new DataFrameBuilder(forced);
        b.AddRow(Row(("x", "1")));
        ErrorAssert.Throws("NonNumericValue", () => b.AddRow(Row(("x", "abc"))), "'x'", "row 2", "'abc'");

        var nonFinite = new DataFrameBuilder();
        nonFinite.AddRow(Row(("x", 1.0)));
        nonFinite.AddRow(Row(("x", double.PositiveInfinity)));
        Assert.Equal(2, ErrorAssert.Throws("NonFiniteValue", () => nonFinite.Build(), "'x'", "row 2").Row);

        var levels = new DataFrameBuilder(new DataReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "b", "a" } } });
        levels.AddRow(Row(("g", "a")));
        levels.AddRow(Row(("g", "c")));
        Assert.Equal(2, ErrorAssert.Throws("UnknownLevel", () => levels.Build(), "'g'", "'c'").Row);
    }

    [Fact]
    public void Bad_first_rows_and_empty_input()
    {
        ErrorAssert.Throws("NoDataRows", () => new DataFrameBuilder().Build());
        ErrorAssert.Throws("NoColumns", () => new DataFrameBuilder().AddRow(Row()));
        ErrorAssert.Throws("EmptyColumnName", () => new DataFrameBuilder().AddRow(Row(("a", 1), ("", 2))), "Column 2");
        ErrorAssert.Throws("DuplicateColumnName", () => new DataFrameBuilder().AddRow(Row(("a", 1), ("a", 2))), "columns 1 and 2");
        var b = new DataFrameBuilder();
        b.AddRow(Row(("a", 1)));
        ErrorAssert.Throws("DuplicateColumnName", () => b.AddRow(Row(("a", 1), ("a", 2))), "row 2");
    }

    [Fact]
    public void Sleepstudy_rows_give_the_same_frame_as_the_csv()
    {
        var path = SharedDataFiles.Csv("sleepstudy");
        var options = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["Subject"] = ColumnKind.Categorical } };
        var fromCsv = CsvDataReader.ReadFile(path, options);

        // Feed the rows as a PowerShell import would: Reaction as double, Days as int, Subject as string.
        var b = new DataFrameBuilder(options);
        foreach (var line in File.ReadAllLines(path).Skip(1))
        {
            var f = line.Split(',');
            b.AddRow(Row(("Reaction", double.Parse(f[0], CultureInfo.InvariantCulture)), ("Days", int.Parse(f[1], CultureInfo.InvariantCulture)), ("Subject", f[2])));
        }
        var built = b.Build();

        Assert.Equal(fromCsv.RowCount, built.RowCount);
        foreach (var name in new[] { "Reaction", "Days" })
            Assert.Equal(CsvTypingTests.Col<NumericColumn>(fromCsv, name).Values.ToArray(), CsvTypingTests.Col<NumericColumn>(built, name).Values.ToArray());
        var a = CsvTypingTests.Col<CategoricalColumn>(fromCsv, "Subject");
        var c = CsvTypingTests.Col<CategoricalColumn>(built, "Subject");
        Assert.Equal(a.Levels, c.Levels);
        Assert.Equal(a.Codes.ToArray(), c.Codes.ToArray());
    }
}
