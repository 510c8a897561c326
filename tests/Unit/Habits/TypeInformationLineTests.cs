using LmmPS.Core.Data;
using LmmPS.Tests.Data;

namespace LmmPS.Tests.Habits;

/// <summary>Windows PowerShell 5.1's Export-Csv (without -NoTypeInformation) writes a "#TYPE ..." line above the
/// header; Import-Csv skips it and so does the reader, on the first line only.</summary>
public class TypeInformationLineTests
{
    [Fact]
    public void A_TYPE_first_line_is_skipped()
    {
        var df = CsvTypingTests.Read("#TYPE System.Management.Automation.PSCustomObject\n\"y\",\"g\"\n\"1.5\",\"a\"\n\"2\",\"b\"\n");
        Assert.Equal(new[] { "y", "g" }, df.ColumnNames);
        Assert.Equal(new[] { 1.5, 2 }, CsvTypingTests.Col<NumericColumn>(df, "y").Values.ToArray());
    }

    [Fact]
    public void A_TYPE_line_below_the_header_is_data()
    {
        var df = CsvTypingTests.Read("g\na\n#TYPE x\n");
        Assert.Equal(new[] { "#TYPE x", "a" }, CsvTypingTests.Col<CategoricalColumn>(df, "g").Levels.OrderBy(l => l, StringComparer.Ordinal));
    }
}
