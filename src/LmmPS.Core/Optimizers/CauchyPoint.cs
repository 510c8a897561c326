namespace LmmPS.Core.Optimizers;

/// <summary>The generalized Cauchy point: the first local minimizer of the quadratic model
/// m(z) = g'z + z'Bz/2 along the projected steepest-descent path x(t) = P(x - t g). The path is piecewise linear,
/// bending where a variable reaches its bound; on each piece the model is a one-dimensional quadratic, minimised
/// in closed form. Variables that reach a bound on the way form the active set of the iteration.</summary>
internal static class CauchyPoint
{
    /// <summary>Returns the point (exactly on the bounds it reached).</summary>
    public static double[] Find(double[] x, double[] g, double[,] b, double[] lower, double[] upper)
    {
        int n = x.Length;
        var breakpoint = new double[n];
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (g[i] < 0) breakpoint[i] = double.IsPositiveInfinity(upper[i]) ? double.PositiveInfinity : (x[i] - upper[i]) / g[i];
            else if (g[i] > 0) breakpoint[i] = double.IsNegativeInfinity(lower[i]) ? double.PositiveInfinity : (x[i] - lower[i]) / g[i];
            else breakpoint[i] = double.PositiveInfinity;
            // A variable already on the bound its gradient pushes against stays there.
            d[i] = breakpoint[i] > 0 ? -g[i] : 0;
        }

        var order = Enumerable.Range(0, n).Where(i => breakpoint[i] > 0 && !double.IsPositiveInfinity(breakpoint[i]))
            .OrderBy(i => breakpoint[i]).ToList();
        var z = new double[n];
        double travelled = 0;
        int next = 0;
        while (true)
        {
            // Slope and curvature of the model along d at x + z: (g + B z)'d and d'B d.
            double slope = 0, curvature = 0;
            for (int i = 0; i < n; i++)
            {
                if (d[i] == 0) continue;
                slope += (g[i] + LimitedMemoryHessian.RowTimes(b, i, z)) * d[i];
                curvature += d[i] * LimitedMemoryHessian.RowTimes(b, i, d);
            }

            if (!(slope < 0)) break;
            double toMinimum = curvature > 0 ? -slope / curvature : double.PositiveInfinity;
            double toBreakpoint = next < order.Count ? breakpoint[order[next]] - travelled : double.PositiveInfinity;
            if (toMinimum < toBreakpoint)
            {
                for (int i = 0; i < n; i++) z[i] += toMinimum * d[i];
                break;
            }

            if (double.IsPositiveInfinity(toBreakpoint)) break; // B is positive definite, so this means d = 0
            for (int i = 0; i < n; i++) z[i] += toBreakpoint * d[i];
            travelled = breakpoint[order[next]];
            // Every variable whose breakpoint is this one lands exactly on its bound and stops moving.
            while (next < order.Count && breakpoint[order[next]] <= travelled)
            {
                int i = order[next++];
                z[i] = (g[i] < 0 ? upper[i] : lower[i]) - x[i];
                d[i] = 0;
            }
        }

        var point = new double[n];
        for (int i = 0; i < n; i++) point[i] = BoxProjection.Clamp(x[i] + z[i], lower[i], upper[i]);
        // Exactly onto the bounds reached (x + (bound - x) can differ from bound by rounding).
        foreach (int i in order.Take(next)) point[i] = g[i] < 0 ? upper[i] : lower[i];
        return point;
    }
}
