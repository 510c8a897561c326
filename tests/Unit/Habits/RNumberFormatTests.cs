using LmmPS.Conversion;

namespace LmmPS.Tests.Habits;

/// <summary>RNumberFormat against R 4.2.2's own format(x, digits = d) output (values typed into R by hand; the
/// expected strings are what R printed).</summary>
public class RNumberFormatTests
{
    [Fact]
    public void A_column_shares_the_decimals_its_most_demanding_element_needs()
    {
        // format(c(565.4769661, 32.6817852, 654.9412), digits = 4)
        Assert.Equal(new[] { "565.48", " 32.68", "654.94" }, RNumberFormat.Column(new[] { 565.4769661, 32.6817852, 654.9412 }, 4));
        // format(c(23.7797596, 5.7167985, 25.5918), digits = 4)
        Assert.Equal(new[] { "23.780", " 5.717", "25.592" }, RNumberFormat.Column(new[] { 23.7797596, 5.7167985, 25.5918 }, 4));
    }

    [Fact]
    public void Trailing_zeros_do_not_ask_for_decimals()
    {
        // format(c(8.43366793, 1.65730796, 0.67798), digits = 4): 0.67798 to 4 digits is 0.6780, i.e. 0.678
        Assert.Equal(new[] { "8.434", "1.657", "0.678" }, RNumberFormat.Column(new[] { 8.43366793, 1.65730796, 0.67798 }, 4));
    }

    [Fact]
    public void A_tiny_element_switches_the_column_to_scientific()
    {
        // format(c(699.1, 36.84, 207.3, 4.503e-07, 518.2), digits = 4)
        Assert.Equal(new[] { "6.991e+02", "3.684e+01", "2.073e+02", "4.503e-07", "5.182e+02" },
            RNumberFormat.Column(new[] { 699.1, 36.84, 207.3, 4.503e-07, 518.2 }, 4));
    }
}
