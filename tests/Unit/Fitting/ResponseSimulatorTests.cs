using LmmPS.Core.Common;
using LmmPS.Core.Fitting;

namespace LmmPS.Tests.Fitting;

/// <summary>y* = X beta + sigma (Z Lambda u + e) against its closed-form moments: E y* = X beta and
/// Cov(y*_i, y*_j) = sigma^2 (z_i' T T' z_j [same level] + [i = j]).</summary>
public class ResponseSimulatorTests
{
    [Fact]
    public void Without_noise_the_response_is_X_beta()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var y = ResponseSimulator.Simulate(design, new[] { 0.5, 0.1, 0.2 }, new[] { 250.0, 10.0 }, 0.0, new Random(1));
        for (int i = 0; i < y.Length; i++)
            Assert.Equal(250.0 + 10.0 * design.X[design.RowCount + i], y[i], 1e-12);
    }

    [Fact]
    public void The_sample_moments_match_the_model_covariance()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        double[] theta = { 0.9, 0.3, 0.2 }, beta = { 250.0, 10.0 };
        const double sigma = 2.0;
        const int draws = 20_000;
        // Rows 0 and 9: subject 1 at day 0 and day 9; row 10: subject 2 at day 0.
        int[] rows = { 0, 9, 10 };
        var sum = new double[3];
        var cross = new double[3, 3];
        var random = new Random(42);
        for (int d = 0; d < draws; d++)
        {
            var y = ResponseSimulator.Simulate(design, theta, beta, sigma, random);
            for (int a = 0; a < 3; a++)
            {
                sum[a] += y[rows[a]];
                for (int b = 0; b < 3; b++) cross[a, b] += y[rows[a]] * y[rows[b]];
            }
        }
        // T = [[0.9, 0], [0.3, 0.2]] (theta column by column), z = (1, day): b's covariance is sigma^2 T T'.
        double Model(int dayA, int dayB, bool sameLevel, bool sameRow)
        {
            if (!sameLevel) return 0.0;
            // z_a' T T' z_b = (T' z_a) . (T' z_b); T' z = (0.9 + 0.3 day, 0.2 day).
            double a0 = 0.9 + 0.3 * dayA, a1 = 0.2 * dayA, b0 = 0.9 + 0.3 * dayB, b1 = 0.2 * dayB;
            return sigma * sigma * (a0 * b0 + a1 * b1 + (sameRow ? 1.0 : 0.0));
        }
        int[] day = { 0, 9, 0 };
        int[] subject = { 0, 0, 1 };
        for (int a = 0; a < 3; a++)
        {
            double mean = sum[a] / draws;
            double expectedMean = beta[0] + beta[1] * day[a];
            double variance = Model(day[a], day[a], true, true);
            Assert.InRange(mean, expectedMean - 4 * Math.Sqrt(variance / draws), expectedMean + 4 * Math.Sqrt(variance / draws));
            for (int b = 0; b <= a; b++)
            {
                double covariance = cross[a, b] / draws - sum[a] / draws * sum[b] / draws;
                double expected = Model(day[a], day[b], subject[a] == subject[b], a == b);
                // The sample covariance's SD is about sqrt((var_a var_b + cov^2) / N); allow 4 of them.
                double sd = Math.Sqrt((Model(day[a], day[a], true, true) * Model(day[b], day[b], true, true) + expected * expected) / draws);
                Assert.InRange(covariance, expected - 4 * sd, expected + 4 * sd);
            }
        }
    }

    [Fact]
    public void A_seed_gives_the_same_response_and_bad_arguments_are_named()
    {
        var design = HandBuiltDesigns.Dyestuff();
        var one = ResponseSimulator.Simulate(design, new[] { 0.8 }, new[] { 1500.0 }, 50.0, new Random(5));
        var two = ResponseSimulator.Simulate(design, new[] { 0.8 }, new[] { 1500.0 }, 50.0, new Random(5));
        Assert.Equal(one, two);
        Assert.Equal("BetaWrongLength", Assert.Throws<LmmException>(() => ResponseSimulator.Simulate(design, new[] { 0.8 }, new[] { 1.0, 2.0 }, 1.0, new Random(1))).ErrorId);
        Assert.Equal("ThetaWrongLength", Assert.Throws<LmmException>(() => ResponseSimulator.Simulate(design, new[] { 0.8, 1.0 }, new[] { 1.0 }, 1.0, new Random(1))).ErrorId);
        Assert.Equal("SigmaOutOfRange", Assert.Throws<LmmException>(() => ResponseSimulator.Simulate(design, new[] { 0.8 }, new[] { 1.0 }, double.NaN, new Random(1))).ErrorId);
    }
}
