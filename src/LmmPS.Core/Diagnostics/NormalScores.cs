using LmmPS.Core.Inference;
using MathNet.Numerics.Distributions;

namespace LmmPS.Core.Diagnostics;

/// <summary>
/// The numbers of R's <c>qqnorm(y)</c> and <c>qqline(y)</c>: the sample sorted against the normal scores
/// qnorm(ppoints(n)), and the line through the two quartile pairs. The plot itself is layout (LmmPS.Plotting).
/// </summary>
public static class NormalScores
{
    /// <summary>qnorm(ppoints(n)): ppoints(n) = (i - a) / (n + 1 - 2a), i = 1..n, with a = 3/8 for n &lt;= 10 and
    /// 1/2 above (R's ppoints, after Blom), so the scores are symmetric about 0 and strictly increasing.</summary>
    public static double[] Theoretical(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        double a = n <= 10 ? 3.0 / 8.0 : 0.5;
        var scores = new double[n];
        for (int i = 1; i <= n; i++)
            scores[i - 1] = Normal.InvCDF(0.0, 1.0, (i - a) / (n + 1 - 2 * a));
        return scores;
    }

    /// <summary>R's qqline(y) (datax = FALSE, probs = c(0.25, 0.75), qtype = 7): the line through
    /// (qnorm(0.25), quantile(y, 0.25)) and (qnorm(0.75), quantile(y, 0.75)); slope = the quartiles' difference over
    /// qnorm(0.75) - qnorm(0.25), intercept = y's first quartile - slope * qnorm(0.25).</summary>
    public static (double Intercept, double Slope) QuartileLine(IReadOnlyList<double> sample)
    {
        var sorted = sample.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        double y1 = BootstrapResult.Quantile(sorted, 0.25), y2 = BootstrapResult.Quantile(sorted, 0.75);
        double x1 = Normal.InvCDF(0.0, 1.0, 0.25), x2 = Normal.InvCDF(0.0, 1.0, 0.75);
        double slope = (y2 - y1) / (x2 - x1);
        return (y1 - slope * x1, slope);
    }
}
