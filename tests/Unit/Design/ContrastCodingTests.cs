using LmmPS.Core.Design;

namespace LmmPS.Tests.Design;

public class ContrastCodingTests
{
    [Fact]
    public void Contr_poly_4_matches_R_documented_values()
    {
        var c = ContrastCoding.Polynomial(4);
        Assert.Equal(new[] { ".L", ".Q", ".C" }, c.Suffixes);
        double[] linear = { -0.6708204, -0.2236068, 0.2236068, 0.6708204 };
        double[] quadratic = { 0.5, -0.5, -0.5, 0.5 };
        double[] cubic = { -0.2236068, 0.6708204, -0.6708204, 0.2236068 };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(linear[i], c.DenseMatrix(4)[i, 0], 1e-7);
            Assert.Equal(quadratic[i], c.DenseMatrix(4)[i, 1], 1e-12);
            Assert.Equal(cubic[i], c.DenseMatrix(4)[i, 2], 1e-7);
        }
        // Closed forms: .L = (-3, -1, 1, 3)/sqrt(20), .C = (-1, 3, -3, 1)/sqrt(20).
        Assert.Equal(-3 / Math.Sqrt(20), c.DenseMatrix(4)[0, 0], 1e-14);
        Assert.Equal(3 / Math.Sqrt(20), c.DenseMatrix(4)[1, 2], 1e-14);
    }

    [Fact]
    public void Contr_poly_3_is_the_linear_and_quadratic_closed_form()
    {
        var c = ContrastCoding.Polynomial(3);
        double[] linear = { -1 / Math.Sqrt(2), 0, 1 / Math.Sqrt(2) };
        double[] quadratic = { 1 / Math.Sqrt(6), -2 / Math.Sqrt(6), 1 / Math.Sqrt(6) };
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(linear[i], c.DenseMatrix(3)[i, 0], 1e-14);
            Assert.Equal(quadratic[i], c.DenseMatrix(3)[i, 1], 1e-14);
        }
    }

    [Fact]
    public void Contr_poly_names_degrees_four_and_up_by_power()
    {
        var c = ContrastCoding.Polynomial(7);
        Assert.Equal(new[] { ".L", ".Q", ".C", "^4", "^5", "^6" }, c.Suffixes);
        // contr.poly(5)[, "^4"] in R is (1, -4, 6, -4, 1)/sqrt(70).
        var five = ContrastCoding.Polynomial(5);
        double[] quartic = { 1, -4, 6, -4, 1 };
        for (int i = 0; i < 5; i++)
            Assert.Equal(quartic[i] / Math.Sqrt(70), five.DenseMatrix(5)[i, 3], 1e-13);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(30)]
    public void Contr_poly_columns_are_orthonormal_and_sum_to_zero(int k)
    {
        var c = ContrastCoding.Polynomial(k);
        for (int a = 0; a < k - 1; a++)
        {
            double sum = 0;
            for (int i = 0; i < k; i++)
                sum += c.DenseMatrix(k)[i, a];
            Assert.Equal(0.0, sum, 1e-10);
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int i = 0; i < k; i++)
                    dot += c.DenseMatrix(k)[i, a] * c.DenseMatrix(k)[i, b];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-10);
            }
            // R's sign convention: the leading coefficient is positive, so each column ends positive.
            Assert.True(c.DenseMatrix(k)[k - 1, a] > 0);
        }
    }

    [Fact]
    public void Contr_treatment_drops_the_first_level()
    {
        var c = ContrastCoding.Treatment(new[] { "A", "B", "C" });
        Assert.Equal(new[] { "B", "C" }, c.Suffixes);
        double[,] expected = { { 0, 0 }, { 1, 0 }, { 0, 1 } };
        Assert.Equal(expected, c.DenseMatrix(3));
    }

    [Fact]
    public void Indicators_keep_every_level()
    {
        var c = ContrastCoding.Indicators(new[] { "x", "y" });
        Assert.Equal(new[] { "x", "y" }, c.Suffixes);
        Assert.Equal(new double[,] { { 1, 0 }, { 0, 1 } }, c.DenseMatrix(2));
    }
}
