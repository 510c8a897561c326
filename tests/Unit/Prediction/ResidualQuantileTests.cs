using LmmPS.Core.Diagnostics;

namespace LmmPS.Tests.Prediction;

/// <summary>summary()'s "Scaled residuals:" numbers: R's quantile type 7, zapsmall and print(digits = 4).</summary>
public class ResidualQuantileTests
{
    [Fact]
    public void Type_seven_quantiles_of_one_to_ten_are_Rs()
    {
        // R: quantile(1:10) = 1.00 3.25 5.50 7.75 10.00
        Assert.Equal(new[] { 1.0, 3.25, 5.5, 7.75, 10.0 }, ResidualQuantiles.Quantiles(Enumerable.Range(1, 10).Select(i => (double)i).Reverse().ToArray()));
    }

    [Theory]
    // (value list, R's print(zapsmall(q, 5), digits = 4) strings), from predict_Penicillin_REML.json and predict_Pastes_REML.json.
    [InlineData(new[] { -2.07923, -0.6714, 0.06292, 0.58377, 2.97959 }, new[] { "-2.07923", "-0.67140", "0.06292", "0.58377", "2.97959" })]
    [InlineData(new[] { -1.47978, -0.51558, 0.0095, 0.472, 1.3897 }, new[] { "-1.4798", "-0.5156", "0.0095", "0.4720", "1.3897" })]
    public void Printed_values_share_the_decimals_of_four_significant_digits(double[] values, string[] printed)
    {
        Assert.Equal(printed, ResidualQuantiles.Printed(values));
    }

    [Fact]
    public void Zapsmall_rounds_to_five_digits_below_the_largest()
    {
        // predict_InstEval_ML.json's unrounded and rounded quantiles: max |q| = 3.118, d = round(5 - log10(3.118))
        // = round(4.506) = 5 decimals (R 4.2.2).
        var z = ResidualQuantiles.ZapSmall(new[] { -2.997729364006113, -0.7474721458789741, 0.04024911975000881, 0.7722726666320155, 3.11793675052184 });
        Assert.Equal(new[] { -2.99773, -0.74747, 0.04025, 0.77227, 3.11794 }, z);
    }
}
