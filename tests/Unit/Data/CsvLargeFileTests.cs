using System.Globalization;
using System.Text;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

/// <summary>Files of several thousand rows, long enough for the reader to type fields on a second thread while it
/// parses (batches of 2,048 rows): the columns must come out exactly as the rows say, and the first problem in the
/// file must be the one reported, whichever thread finds it.</summary>
public class CsvLargeFileTests
{
    private const int Rows = 7000;

    /// <summary>Row r (1-based): y = r / 4, x = r mod 7 as text, g = "L" + (r * 37 mod 501), with the given
    /// replacement lines (1-based data row -> whole line).</summary>
    private static string Csv(Dictionary<int, string>? replace = null)
    {
        var text = new StringBuilder("y,x,g\n");
        for (int r = 1; r <= Rows; r++)
        {
            if (replace is not null && replace.TryGetValue(r, out var line)) text.Append(line).Append('\n');
            else text.Append((r / 4.0).ToString(CultureInfo.InvariantCulture)).Append(',').Append(r % 7).Append(",L").Append(r * 37 % 501).Append('\n');
        }
        return text.ToString();
    }

    private static DataReadOptions Numeric(string column) => new()
    {
        ColumnKinds = new Dictionary<string, ColumnKind> { [column] = ColumnKind.Numeric },
    };

    [Fact]
    public void Every_row_is_typed_in_order()
    {
        var frame = CsvTypingTests.Read(Csv(new Dictionary<int, string> { [5000] = "NA,3,L7" }));

        var y = CsvTypingTests.Col<NumericColumn>(frame, "y");
        var g = CsvTypingTests.Col<CategoricalColumn>(frame, "g");
        Assert.Equal(Rows, frame.RowCount);
        for (int r = 1; r <= Rows; r++)
        {
            if (r == 5000)
            {
                Assert.True(y.IsMissing(r - 1));
                Assert.Equal("L7", g.Levels[g[r - 1]]);
                continue;
            }
            Assert.Equal(r / 4.0, y[r - 1]);
            Assert.Equal("L" + (r * 37 % 501), g.Levels[g[r - 1]]);
        }
        // 501 labels L0..L500 all occur (37 is coprime to 501); R sorts them as strings: L0, L1, L10, L100, ...
        Assert.Equal(501, g.Levels.Count);
        Assert.Equal(new[] { "L0", "L1", "L10", "L100", "L101" }, g.Levels.Take(5));
    }

    [Fact]
    public void A_typing_error_far_into_the_file_names_its_row()
    {
        var e = ErrorAssert.Throws("NonNumericValue",
            () => CsvTypingTests.Read(Csv(new Dictionary<int, string> { [6001] = "oops,1,L1" }), Numeric("y")),
            "data row 6001", "'y'");
        Assert.Equal(6001, e.Row);
    }

    [Fact]
    public void A_typing_error_before_a_ragged_row_is_reported_first()
    {
        // The parser reaches the ragged row 4500 while row 3000's typing may still be pending on the other thread.
        var e = ErrorAssert.Throws("NonNumericValue",
            () => CsvTypingTests.Read(Csv(new Dictionary<int, string> { [3000] = "oops,1,L1", [4500] = "1,2" }), Numeric("y")),
            "data row 3000");
        Assert.Equal(3000, e.Row);
    }

    [Fact]
    public void A_ragged_row_after_clean_rows_is_reported_with_its_row()
    {
        var e = ErrorAssert.Throws("RaggedRow",
            () => CsvTypingTests.Read(Csv(new Dictionary<int, string> { [4500] = "1,2" }), Numeric("y")),
            "Data row 4500", "2 field(s)");
        Assert.Equal(4500, e.Row);
    }
}
