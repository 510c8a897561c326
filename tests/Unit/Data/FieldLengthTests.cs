using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

/// <summary>Issue 17 item 9: a field longer than 1,000,000 characters is refused with FieldTooLong, not read to the
/// end of memory (-Path /dev/zero read 4.3 GB before an OverflowException).</summary>
public class FieldLengthTests
{
    [Fact]
    public void A_field_of_a_million_and_one_characters_is_refused_naming_the_row()
    {
        string csv = "y,x\n1,2\n3," + new string('9', CsvDataReader.MaxFieldLength + 1) + "\n";
        var e = Assert.Throws<LmmException>(() => CsvDataReader.Read(new StringReader(csv), null, "big.csv"));
        Assert.Equal("FieldTooLong", e.ErrorId);
        Assert.Contains("'big.csv' near data row 2 (line 3)", e.Message);
        Assert.Contains("1,000,000 characters", e.Message);
    }

    [Fact]
    public void A_field_of_exactly_a_million_characters_is_read()
    {
        string csv = "y,name\n1," + new string('a', CsvDataReader.MaxFieldLength) + "\n2,b\n";
        var frame = CsvDataReader.Read(new StringReader(csv), null, "wide.csv");
        Assert.Equal(2, frame.RowCount);
    }

    [Fact]
    public void Dev_zero_is_refused_after_a_million_characters()
    {
        if (!File.Exists("/dev/zero"))
            return;
        var e = Assert.Throws<LmmException>(() => CsvDataReader.ReadFile("/dev/zero"));
        Assert.Equal("FieldTooLong", e.ErrorId);
    }
}
