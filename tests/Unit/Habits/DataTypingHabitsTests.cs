using System.Text;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Tests.Data;

namespace LmmPS.Tests.Habits;

/// <summary>Issue 16 items 7 and 8 in the data layer: comma decimals, the almost-numeric factor warning, invalid UTF-8.</summary>
public class DataTypingHabitsTests
{
    [Fact]
    public void Comma_decimals_parse_with_the_culture_separator()
    {
        var options = new DataReadOptions { Delimiter = ';', DecimalSeparator = ',' };
        var df = CsvTypingTests.Read("y;g\n194,3322;a\n-1,5e2;b\n7;c\n", options);
        Assert.Equal(new[] { 194.3322, -150, 7 }, CsvTypingTests.Col<NumericColumn>(df, "y").Values.ToArray());
        // Without the culture the same text is a factor (what issue 16 found): the separator is what changes it.
        var invariant = CsvTypingTests.Read("y;g\n194,3322;a\n", new DataReadOptions { Delimiter = ';' });
        Assert.IsType<CategoricalColumn>(invariant.TryGetColumn("y", out var y) ? y : null);
    }

    [Fact]
    public void A_factor_numeric_in_nine_of_ten_rows_warns_naming_the_first_other_row()
    {
        var csv = "x\n1\n2\n3\n4\n5\n6\n7\n2O\n9\n10\n";
        var notes = ColumnTypingReport.Describe(CsvTypingTests.Read(csv), new[] { "x" }, null);
        var warning = Assert.Single(notes).Warning;
        Assert.NotNull(warning);
        Assert.Contains("9 of its 10 values (90%)", warning);
        Assert.Contains("data row 8 holds '2O'", warning);
        // Eight of ten (80%) is a factor by intent, not a typo: no warning. So is a column named in -Categorical.
        Assert.Null(ColumnTypingReport.Describe(CsvTypingTests.Read("x\n1\n2\n3\n4\n5\n6\n7\n8\na\nb\n"), new[] { "x" }, null)[0].Warning);
        var forced = new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Categorical } };
        Assert.Null(ColumnTypingReport.Describe(CsvTypingTests.Read(csv, forced), new[] { "x" }, forced)[0].Warning);
    }

    [Fact]
    public void Dropped_rows_are_counted_once_at_the_first_missing_column()
    {
        var df = CsvTypingTests.Read("y,x,g\n1,,a\n,,b\n3,4,\n5,6,c\n");
        Assert.Equal("3 of 4 rows dropped for a missing value: y (1), x (1), g (1).", ColumnTypingReport.DroppedRows(df, new[] { "y", "x", "g" }));
        Assert.Null(ColumnTypingReport.DroppedRows(df, new[] { "y" }.Where(_ => false)));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x0A, 0x62, 0xFC, 0x0A }, 3, 2)]        // Latin-1 u-umlaut
    [InlineData(new byte[] { 0xC3, 0xBC, 0x0A, 0xE0, 0x80, 0x80 }, 3, 2)]  // overlong 3-byte form
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0, 1)]                    // a UTF-16 surrogate
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1, 1)]                    // truncated at the end
    public void The_first_invalid_sequence_is_located(byte[] bytes, long offset, long line)
    {
        Assert.True(Utf8Validation.TryFindInvalid(new MemoryStream(bytes), out var at, out var onLine));
        Assert.Equal(offset, at);
        Assert.Equal(line, onLine);
        Assert.False(Utf8Validation.TryFindInvalid(new MemoryStream(Encoding.UTF8.GetBytes("Müller,Maß,€,𝄞\n")), out _, out _));
    }

    [Fact]
    public void Invalid_utf8_in_a_file_is_InvalidEncoding_and_an_encoding_reads_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "lmmps-latin1-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("y,g\n1,M\u00fcller\n2,Mueller\n"));
        try
        {
            var e = Assert.Throws<LmmException>(() => CsvDataReader.ReadFile(path));
            Assert.Equal("InvalidEncoding", e.ErrorId);
            Assert.Contains("line 2, byte offset 7", e.Message);
            var df = CsvDataReader.ReadFile(path, new DataReadOptions { Encoding = Encoding.Latin1 });
            Assert.Equal(new[] { "M\u00fcller", "Mueller" }, CsvTypingTests.Col<CategoricalColumn>(df, "g").Levels.OrderByDescending(l => l, StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
