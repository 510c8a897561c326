namespace LmmPS.Core.Optimizers;

/// <summary>From the Cauchy point, minimises the quadratic model over the variables it left free (the others stay
/// on their bounds) with a Newton step on B restricted to them, then projects into the box (Morales and Nocedal,
/// 2011). The search direction is from x to that point; if projection spoiled descent, from x to the Cauchy point,
/// which always descends.</summary>
internal static class SubspaceStep
{
    public static double[] Direction(double[] x, double[] g, double[,] b, double[] cauchy, double[] lower, double[] upper)
    {
        int n = x.Length;
        var free = Enumerable.Range(0, n).Where(i => cauchy[i] > lower[i] && cauchy[i] < upper[i]).ToArray();
        var toCauchy = new double[n];
        for (int i = 0; i < n; i++) toCauchy[i] = cauchy[i] - x[i];
        if (free.Length == 0) return toCauchy;

        // Model gradient at the Cauchy point, restricted to the free variables: g + B (xc - x).
        int k = free.Length;
        var reduced = new double[k, k];
        var rhs = new double[k];
        for (int a = 0; a < k; a++)
        {
            rhs[a] = -(g[free[a]] + LimitedMemoryHessian.RowTimes(b, free[a], toCauchy));
            for (int c = 0; c < k; c++) reduced[a, c] = b[free[a], free[c]];
        }

        var newton = CholeskySolve(reduced, rhs);
        if (newton is null) return toCauchy;
        var target = (double[])cauchy.Clone();
        for (int a = 0; a < k; a++)
        {
            int i = free[a];
            target[i] = BoxProjection.Clamp(cauchy[i] + newton[a], lower[i], upper[i]);
        }

        var direction = new double[n];
        for (int i = 0; i < n; i++) direction[i] = target[i] - x[i];
        return LimitedMemoryHessian.Dot(g, direction) < 0 ? direction : toCauchy;
    }

    /// <summary>Solves A u = r for symmetric positive definite A; null if A is not numerically so.</summary>
    private static double[]? CholeskySolve(double[,] a, double[] r)
    {
        int k = r.Length;
        var l = new double[k, k];
        for (int j = 0; j < k; j++)
        {
            double diagonal = a[j, j];
            for (int p = 0; p < j; p++) diagonal -= l[j, p] * l[j, p];
            if (!(diagonal > 1e-14 * Math.Abs(a[j, j])) || !(diagonal > 0)) return null;
            l[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < k; i++)
            {
                double sum = a[i, j];
                for (int p = 0; p < j; p++) sum -= l[i, p] * l[j, p];
                l[i, j] = sum / l[j, j];
            }
        }

        var u = (double[])r.Clone();
        for (int i = 0; i < k; i++)
        {
            for (int p = 0; p < i; p++) u[i] -= l[i, p] * u[p];
            u[i] /= l[i, i];
        }

        for (int i = k - 1; i >= 0; i--)
        {
            for (int p = i + 1; p < k; p++) u[i] -= l[p, i] * u[p];
            u[i] /= l[i, i];
        }

        return u;
    }
}
