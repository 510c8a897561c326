using System.Globalization;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

/// <summary>The cheap character check behind "which numeric texts must be kept" is verified against .NET's own
/// round-trip formatter, the independent source of what a number prints as.</summary>
public class NumberTextTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("-12")]
    [InlineData("249.56")]
    [InlineData("0.1")]
    [InlineData("0.0001")]
    [InlineData("-0.5")]
    [InlineData("123456789012345")]
    [InlineData("1234567.12345678")]
    public void Canonical_texts_print_back_identically(string text)
    {
        Assert.True(NumberText.IsCanonical(text));
        Assert.Equal(text, NumberText.Format(double.Parse(text, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("007")]
    [InlineData("1.50")]
    [InlineData("1e3")]
    [InlineData("+1")]
    [InlineData("-0")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData(" 1")]
    [InlineData("0.00001")]
    [InlineData("1234567890123456")]
    [InlineData("6.539145696442574")]
    public void Non_canonical_texts_are_recognised(string text)
    {
        Assert.False(NumberText.IsCanonical(text));
    }

    [Fact]
    public void Check_agrees_with_the_formatter_on_random_decimals()
    {
        var rng = new Random(20240601);
        int canonical = 0;
        for (int i = 0; i < 20000; i++)
        {
            // Random shapes: sign, integer digits (with possible leading zeros), fraction digits (with possible trailing zeros).
            string sign = rng.Next(4) == 0 ? "-" : "";
            string intPart = Digits(rng, rng.Next(1, 18));
            string text = sign + intPart + (rng.Next(3) == 0 ? "" : "." + Digits(rng, rng.Next(1, 12)));
            var printed = NumberText.Format(double.Parse(text, CultureInfo.InvariantCulture));
            if (NumberText.IsCanonical(text))
            {
                canonical++;
                Assert.Equal(text, printed);
            }
        }
        Assert.True(canonical > 2000, $"only {canonical} canonical samples");
    }

    [Theory]
    [InlineData("1", NumberTextKind.Finite)]
    [InlineData("-1.5e-3", NumberTextKind.Finite)]
    [InlineData("Inf", NumberTextKind.NonFinite)]
    [InlineData("+inf", NumberTextKind.NonFinite)]
    [InlineData("NaN", NumberTextKind.NonFinite)]
    [InlineData("Infinity", NumberTextKind.NonFinite)]
    [InlineData("1e400", NumberTextKind.NonFinite)]
    [InlineData("1,5", NumberTextKind.NotNumber)]
    [InlineData("0x10", NumberTextKind.NotNumber)]
    [InlineData("Infx", NumberTextKind.NotNumber)]
    internal void Classify(string text, NumberTextKind expected)
    {
        Assert.Equal(expected, NumberText.Classify(text, out _));
    }

    private static string Digits(Random rng, int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++) chars[i] = (char)('0' + rng.Next(10));
        return new string(chars);
    }
}
