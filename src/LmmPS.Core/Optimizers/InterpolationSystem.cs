namespace LmmPS.Core.Optimizers;

/// <summary>The least-Frobenius-norm interpolation system of BOBYQA for one set of m points.
/// <para>For points y_j with displacements s_j = (y_j - origin)/scale, the quadratic q(origin + scale*u) =
/// c + g'u + u'Du/2 that matches given values r_j while D has the least Frobenius norm has
/// D = sum_j lambda_j s_j s_j', where (lambda, c, g) solves the KKT system W [lambda; c; g] = [r; 0; 0] with
/// W = [[A, X'], [X, 0]], A_jk = (s_j's_k)^2/2 and X = [1 ... 1; s_1 ... s_m]. Powell updates the inverse H of W
/// with rank-two formulas; here W is small (m + n + 1 &lt;= 47 for 15 variables) next to one deviance evaluation,
/// so H is recomputed directly, centred on the current best point and scaled to unit size, which keeps it
/// well conditioned without Powell's shifts of origin.</para>
/// <para>Column t of H also defines the Lagrange function l_t (1 at y_t, 0 at the other points), whose values
/// give Powell's denominators sigma_t = alpha_t beta + tau_t^2 for replacing point t: the factor by which the
/// determinant of W changes, so a large |sigma_t| keeps the system far from singular.</para></summary>
internal sealed class InterpolationSystem
{
    private readonly int n;
    private readonly int m;
    private readonly double scale;
    private readonly double[][] scaledPoints;
    private readonly double[,] inverse;

    private InterpolationSystem(double[] origin, double scale, double[][] scaledPoints, double[,] inverse)
    {
        Origin = origin;
        n = origin.Length;
        m = scaledPoints.Length;
        this.scale = scale;
        this.scaledPoints = scaledPoints;
        this.inverse = inverse;
    }

    public double[] Origin { get; }

    /// <summary>Builds the system, or returns null when the points are (numerically) degenerate.</summary>
    public static InterpolationSystem? TryBuild(double[][] points, double[] origin)
    {
        int m = points.Length;
        int n = origin.Length;
        double scale = 0;
        foreach (var y in points)
        {
            double d2 = 0;
            for (int i = 0; i < n; i++) d2 += (y[i] - origin[i]) * (y[i] - origin[i]);
            scale = Math.Max(scale, Math.Sqrt(d2));
        }

        if (!(scale > 0)) return null;

        var s = new double[m][];
        for (int j = 0; j < m; j++)
        {
            s[j] = new double[n];
            for (int i = 0; i < n; i++) s[j][i] = (points[j][i] - origin[i]) / scale;
        }

        int size = m + n + 1;
        var w = new double[size, size];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k <= j; k++)
            {
                double dot = QuadraticModel.Dot(s[j], s[k]);
                w[j, k] = w[k, j] = 0.5 * dot * dot;
            }

            w[j, m] = w[m, j] = 1;
            for (int i = 0; i < n; i++) w[j, m + 1 + i] = w[m + 1 + i, j] = s[j][i];
        }

        var inverse = SmallMatrix.TryInvert(w);
        return inverse is null ? null : new InterpolationSystem((double[])origin.Clone(), scale, s, inverse);
    }

    /// <summary>Adds to <paramref name="model"/> (which must be centred on <see cref="Origin"/>) the quadratic with
    /// least-Frobenius-norm Hessian that takes the values <paramref name="residuals"/> at the points, so the model
    /// then interpolates the data while its Hessian changes as little as possible.</summary>
    public void AddLeastChangeCorrection(QuadraticModel model, double[] residuals)
    {
        int size = m + n + 1;
        var v = new double[size];
        for (int row = 0; row < size; row++)
        {
            double sum = 0;
            for (int j = 0; j < m; j++) sum += inverse[row, j] * residuals[j];
            v[row] = sum;
        }

        model.Constant += v[m];
        for (int i = 0; i < n; i++) model.Gradient[i] += v[m + 1 + i] / scale;
        AddPointOuterProducts(model.Hessian, v, 1.0 / (scale * scale));
    }

    /// <summary>Gradient at the origin and Hessian of the Lagrange function of point t, in the variables' units.</summary>
    public void LagrangeDerivatives(int t, double[] gradient, double[,] hessian)
    {
        for (int i = 0; i < n; i++) gradient[i] = inverse[m + 1 + i, t] / scale;
        var lambda = new double[m];
        for (int j = 0; j < m; j++) lambda[j] = inverse[j, t];
        Array.Clear(hessian, 0, hessian.Length);
        AddPointOuterProducts(hessian, lambda, 1.0 / (scale * scale));
    }

    /// <summary>The values tau_j = l_j(x) of all Lagrange functions at x and Powell's beta(x).</summary>
    public double[] LagrangeValues(double[] x, out double beta)
    {
        int size = m + n + 1;
        var u = new double[n];
        for (int i = 0; i < n; i++) u[i] = (x[i] - Origin[i]) / scale;
        var w = new double[size];
        for (int j = 0; j < m; j++)
        {
            double dot = QuadraticModel.Dot(scaledPoints[j], u);
            w[j] = 0.5 * dot * dot;
        }

        w[m] = 1;
        for (int i = 0; i < n; i++) w[m + 1 + i] = u[i];

        var hw = new double[size];
        double whw = 0;
        for (int row = 0; row < size; row++)
        {
            double sum = 0;
            for (int col = 0; col < size; col++) sum += inverse[row, col] * w[col];
            hw[row] = sum;
            whw += w[row] * sum;
        }

        double uu = QuadraticModel.Dot(u, u);
        beta = 0.5 * uu * uu - whw;
        var tau = new double[m];
        Array.Copy(hw, tau, m);
        return tau;
    }

    /// <summary>Powell's denominator sigma_t for replacing point t by x.</summary>
    public double Denominator(int t, double[] x)
    {
        var tau = LagrangeValues(x, out double beta);
        return inverse[t, t] * beta + tau[t] * tau[t];
    }

    /// <summary>All denominators sigma_t for replacing each point by x.</summary>
    public double[] Denominators(double[] x)
    {
        var tau = LagrangeValues(x, out double beta);
        var sigma = new double[m];
        for (int t = 0; t < m; t++) sigma[t] = inverse[t, t] * beta + tau[t] * tau[t];
        return sigma;
    }

    private void AddPointOuterProducts(double[,] target, double[] weights, double factor)
    {
        for (int j = 0; j < m; j++)
        {
            double wj = weights[j] * factor;
            if (wj == 0) continue;
            var sj = scaledPoints[j];
            for (int a = 0; a < n; a++)
            {
                double wa = wj * sj[a];
                for (int b = 0; b < n; b++) target[a, b] += wa * sj[b];
            }
        }
    }
}
