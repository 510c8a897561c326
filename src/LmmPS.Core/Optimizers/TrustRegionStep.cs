namespace LmmPS.Core.Optimizers;

/// <summary>A trial point proposed by <see cref="BoxTrustRegionStep"/>.</summary>
internal sealed class TrustRegionStep
{
    private TrustRegionStep(double[] point, double norm, double minCurvature)
    {
        Point = point;
        Norm = norm;
        MinCurvature = minCurvature;
    }

    /// <summary>The trial point; variables that the step put on a bound hold the bound's value exactly.</summary>
    public double[] Point { get; }

    /// <summary>Length of Point - xopt.</summary>
    public double Norm { get; }

    /// <summary>Least model curvature met along the search directions; 0 when the step reached the trust-region
    /// boundary, negative when no direction was searched.</summary>
    public double MinCurvature { get; }

    public static TrustRegionStep FromStep(
        double[] xopt, double[] lower, double[] upper, double[] d, int[] fixedAt, double minCurvature)
    {
        int n = xopt.Length;
        var point = new double[n];
        double norm2 = 0;
        for (int i = 0; i < n; i++)
        {
            double x = fixedAt[i] < 0 ? lower[i] : fixedAt[i] > 0 ? upper[i] : xopt[i] + d[i];
            point[i] = Math.Min(upper[i], Math.Max(lower[i], x));
            norm2 += (point[i] - xopt[i]) * (point[i] - xopt[i]);
        }

        return new TrustRegionStep(point, Math.Sqrt(norm2), minCurvature);
    }
}
