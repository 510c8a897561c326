namespace LmmPS.Core.Optimizers;

/// <summary>Chooses a point to replace interpolation point t when the points have drifted too far apart to give a
/// good model (the role of Powell's ALTMOV): within distance radius of the best point and inside the box, it looks
/// for a large |sigma_t|, so that the new point keeps the interpolation system well conditioned. Candidates are the
/// extreme and stationary points of l_t along the lines from the best point through the other points, and the
/// (projected) steepest ascent and descent steps of l_t; each is scored by its exact denominator.</summary>
internal static class GeometryStep
{
    public static double[] Choose(
        InterpolationSystem system, int t, double[][] points, int kopt, double[] lower, double[] upper, double radius)
    {
        double[] xopt = points[kopt];
        int n = xopt.Length;
        var gradient = new double[n];
        var hessian = new double[n, n];
        system.LagrangeDerivatives(t, gradient, hessian);

        double[] best = (double[])xopt.Clone();
        double bestScore = -1;
        void Consider(double[] x)
        {
            double score = Math.Abs(system.Denominator(t, x));
            if (score > bestScore)
            {
                bestScore = score;
                best = x;
            }
        }

        for (int k = 0; k < points.Length; k++)
        {
            if (k == kopt) continue;
            var u = new double[n];
            for (int i = 0; i < n; i++) u[i] = points[k][i] - xopt[i];
            double length = Math.Sqrt(QuadraticModel.Dot(u, u));
            if (!(length > 0)) continue;

            double hi = radius / length, lo = -hi;
            int hiIndex = -1, loIndex = -1;
            for (int i = 0; i < n; i++)
            {
                if (u[i] == 0) continue;
                double toUpper = (upper[i] - xopt[i]) / u[i];
                double toLower = (lower[i] - xopt[i]) / u[i];
                double maxAlpha = u[i] > 0 ? toUpper : toLower;
                double minAlpha = u[i] > 0 ? toLower : toUpper;
                if (maxAlpha < hi)
                {
                    hi = maxAlpha;
                    hiIndex = i;
                }

                if (minAlpha > lo)
                {
                    lo = minAlpha;
                    loIndex = i;
                }
            }

            Consider(PointOnLine(xopt, u, hi, hiIndex, lower, upper));
            Consider(PointOnLine(xopt, u, lo, loIndex, lower, upper));
            double uhu = QuadraticModel.QuadraticForm(hessian, u);
            if (uhu != 0)
            {
                double stationary = -QuadraticModel.Dot(gradient, u) / uhu;
                if (stationary > lo && stationary < hi) Consider(PointOnLine(xopt, u, stationary, -1, lower, upper));
            }
        }

        foreach (double sign in new[] { 1.0, -1.0 })
        {
            var direction = new double[n];
            for (int i = 0; i < n; i++)
            {
                double v = sign * gradient[i];
                bool blocked = (v < 0 && xopt[i] == lower[i]) || (v > 0 && xopt[i] == upper[i]);
                direction[i] = blocked ? 0 : v;
            }

            double norm = Math.Sqrt(QuadraticModel.Dot(direction, direction));
            if (!(norm > 0)) continue;
            var x = new double[n];
            // Clipping each coordinate to the box keeps the point within the radius as well.
            for (int i = 0; i < n; i++) x[i] = Clamp(xopt[i] + radius * direction[i] / norm, lower[i], upper[i]);
            Consider(x);
        }

        return best;
    }

    private static double[] PointOnLine(double[] xopt, double[] u, double alpha, int boundIndex, double[] lower, double[] upper)
    {
        int n = xopt.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Clamp(xopt[i] + alpha * u[i], lower[i], upper[i]);
        if (boundIndex >= 0)
        {
            // The coordinate that limited the step lies exactly on its bound.
            x[boundIndex] = (alpha > 0) == (u[boundIndex] > 0) ? upper[boundIndex] : lower[boundIndex];
        }

        return x;
    }

    private static double Clamp(double v, double lo, double hi) => v < lo ? lo : v > hi ? hi : v;
}
