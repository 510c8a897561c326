using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace LmmPS.Core.Inference;

/// <summary>Upper-tail probabilities through the regularized incomplete beta directly, so a p-value of 1e-19 keeps its
/// relative precision (1 - CDF would round it to 0).</summary>
internal static class TailProbabilities
{
    /// <summary>2 P(T_df &gt; |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2); NaN for a df that is not positive.</summary>
    public static double TwoSidedT(double t, double df)
    {
        if (double.IsNaN(t) || double.IsNaN(df) || df <= 0) return double.NaN;
        if (double.IsPositiveInfinity(df)) return 2.0 * Normal.CDF(0, 1, -Math.Abs(t));
        return SpecialFunctions.BetaRegularized(df / 2.0, 0.5, df / (df + t * t));
    }

    /// <summary>P(F_{d1, d2} &gt; f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2).</summary>
    public static double UpperF(double f, double d1, double d2)
    {
        if (double.IsNaN(f) || double.IsNaN(d2) || d1 <= 0 || d2 <= 0) return double.NaN;
        if (f <= 0) return 1.0;
        return SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f));
    }

    /// <summary>The 0.975 quantile of t_df (for 95% intervals).</summary>
    public static double TQuantile975(double df) =>
        double.IsNaN(df) || df <= 0 ? double.NaN : StudentT.InvCDF(0.0, 1.0, df, 0.975);
}
