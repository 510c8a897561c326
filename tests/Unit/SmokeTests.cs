using LmmPS.Core.Data;

namespace LmmPS.Tests;

public class DataFrameTests
{
    [Fact]
    public void DataFrame_rejects_columns_of_unequal_length()
    {
        var a = new NumericColumn("a", new double[] { 1, 2 });
        var b = new NumericColumn("b", new double[] { 1 });
        Assert.Throws<ArgumentException>(() => new DataFrame(new Column[] { a, b }));
    }
}
