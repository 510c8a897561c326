namespace LmmPS.Core.Diagnostics;

/// <summary>The correlation of the fixed-effect estimates, V_ij / sqrt(V_ii V_jj) from vcov (lme4's
/// summary(fit)$vcov@factors$correlation, printed as "Correlation of Fixed Effects:").</summary>
public static class FixedEffectsCorrelation
{
    public static double[,] FromCovariance(double[,] v)
    {
        int p = v.GetLength(0);
        var r = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                r[i, j] = v[i, j] / Math.Sqrt(v[i, i] * v[j, j]);
        return r;
    }

    /// <summary>lme4 prints the block only for 1 &lt; p &lt;= 12 (summary's default correlation = NULL).</summary>
    public static bool PrintedBySummary(int p) => p > 1 && p <= 12;
}
