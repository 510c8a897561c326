namespace LmmPS.Core.Optimizers;

/// <summary>Approximate minimiser of the model step g'd + d'Bd/2 subject to |d| &lt;= delta and the box, in the
/// manner of Powell's TRSBOX: truncated conjugate gradients on the free variables, fixing a variable AT its bound
/// (exactly, not approximately) as soon as a step would cross it and restarting from steepest descent; once the
/// step reaches the trust-region boundary it is improved by rotations along the sphere, which matters when the
/// model is not convex.</summary>
internal static class BoxTrustRegionStep
{
    /// <summary>Powell's stopping rule: stop when the best further reduction is tiny next to the reduction so far.</summary>
    private const double NegligibleReduction = 1e-4;

    private const int ArcGridPoints = 20;

    public static TrustRegionStep Solve(
        double[] gradient, double[,] hessian, double delta, double[] xopt, double[] lower, double[] upper)
    {
        int n = xopt.Length;
        var sl = new double[n];
        var su = new double[n];
        // -1 fixed at the lower bound, +1 fixed at the upper bound, 0 free.
        var fixedAt = new int[n];
        for (int i = 0; i < n; i++)
        {
            sl[i] = lower[i] - xopt[i];
            su[i] = upper[i] - xopt[i];
            // A variable on a bound whose gradient pushes outward cannot move at all.
            if (sl[i] == 0 && gradient[i] >= 0) fixedAt[i] = -1;
            else if (su[i] == 0 && gradient[i] <= 0) fixedAt[i] = 1;
        }

        var d = new double[n];
        var gd = (double[])gradient.Clone();
        var p = new double[n];
        double delsq = delta * delta;
        double reduction = 0;
        double minCurvature = -1;
        bool onBoundary = false;
        bool restart = true;
        double previousGg = 0;
        int maxIterations = 3 * n + 10;

        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            double gg = 0;
            for (int i = 0; i < n; i++) if (fixedAt[i] == 0) gg += gd[i] * gd[i];
            if (gg == 0) break;
            if (reduction > 0 && gg * delsq <= NegligibleReduction * reduction * reduction) break;

            double beta = restart ? 0 : gg / previousGg;
            for (int i = 0; i < n; i++) p[i] = fixedAt[i] == 0 ? -gd[i] + beta * p[i] : 0;
            restart = false;
            previousGg = gg;

            double gp = 0, pp = 0, pd = 0, dd = 0;
            for (int i = 0; i < n; i++)
            {
                gp += gd[i] * p[i];
                pp += p[i] * p[i];
                pd += p[i] * d[i];
                dd += d[i] * d[i];
            }

            if (gp >= 0)
            {
                // Rounding spoilt conjugacy; fall back to steepest descent.
                for (int i = 0; i < n; i++) p[i] = fixedAt[i] == 0 ? -gd[i] : 0;
                gp = -gg;
                pp = gg;
                pd = 0;
                for (int i = 0; i < n; i++) pd += p[i] * d[i];
            }

            double resid = delsq - dd;
            if (resid <= 0)
            {
                onBoundary = true;
                break;
            }

            double root = Math.Sqrt(pd * pd + pp * resid);
            double alphaBoundary = pd >= 0 ? resid / (root + pd) : (root - pd) / pp;
            var bp = QuadraticModel.Multiply(hessian, p);
            double pbp = QuadraticModel.Dot(p, bp);
            double alphaCg = pbp > 0 ? -gp / pbp : double.PositiveInfinity;

            double alphaBound = double.PositiveInfinity;
            int hitIndex = -1;
            int hitSide = 0;
            for (int i = 0; i < n; i++)
            {
                if (fixedAt[i] != 0 || p[i] == 0) continue;
                double limit = p[i] > 0 ? su[i] : sl[i];
                if (double.IsInfinity(limit)) continue;
                double a = Math.Max(0, (limit - d[i]) / p[i]);
                if (a < alphaBound)
                {
                    alphaBound = a;
                    hitIndex = i;
                    hitSide = p[i] > 0 ? 1 : -1;
                }
            }

            bool hitsBound = alphaBound < alphaBoundary && alphaBound <= alphaCg;
            bool reachesBoundary = !hitsBound && alphaBoundary <= alphaCg;
            double alpha = hitsBound ? alphaBound : Math.Min(alphaBoundary, alphaCg);

            for (int i = 0; i < n; i++)
            {
                d[i] += alpha * p[i];
                gd[i] += alpha * bp[i];
            }

            reduction -= alpha * gp + 0.5 * alpha * alpha * pbp;
            if (pbp > 0)
            {
                double curvature = pbp / pp;
                minCurvature = minCurvature < 0 ? curvature : Math.Min(minCurvature, curvature);
            }

            if (hitsBound)
            {
                // Put the variable exactly on its bound: optima with a variance of exactly zero depend on it.
                fixedAt[hitIndex] = hitSide;
                d[hitIndex] = hitSide > 0 ? su[hitIndex] : sl[hitIndex];
                restart = true;
                continue;
            }

            if (reachesBoundary)
            {
                onBoundary = true;
                break;
            }
        }

        if (onBoundary)
        {
            minCurvature = 0;
            ImproveOnSphere(hessian, n, sl, su, fixedAt, d, gd, ref reduction);
        }

        return TrustRegionStep.FromStep(xopt, lower, upper, d, fixedAt, minCurvature);
    }

    /// <summary>With |d| = delta, rotates the free part of d towards the downhill direction orthogonal to it
    /// (d(theta) = cos(theta) d + sin(theta) s), choosing theta by a grid plus parabolic refinement and stopping
    /// at the first bound that the arc meets, which is then fixed exactly.</summary>
    private static void ImproveOnSphere(
        double[,] hessian, int n, double[] sl, double[] su, int[] fixedAt, double[] d, double[] gd, ref double reduction)
    {
        var s = new double[n];
        var df = new double[n];
        for (int iteration = 0; iteration < n + 2; iteration++)
        {
            double dd = 0, dg = 0, gg = 0;
            for (int i = 0; i < n; i++)
            {
                df[i] = fixedAt[i] == 0 ? d[i] : 0;
                if (fixedAt[i] != 0) continue;
                dd += d[i] * d[i];
                dg += d[i] * gd[i];
                gg += gd[i] * gd[i];
            }

            double temp = dd * gg - dg * dg;
            if (!(temp > NegligibleReduction * reduction * reduction)) return;
            double norm = Math.Sqrt(temp);
            for (int i = 0; i < n; i++) s[i] = fixedAt[i] == 0 ? (dg * d[i] - dd * gd[i]) / norm : 0;

            // The largest angle before a free variable leaves the box.
            double thetaMax = Math.PI / 2;
            int hitIndex = -1;
            int hitSide = 0;
            for (int i = 0; i < n; i++)
            {
                if (fixedAt[i] != 0) continue;
                ConsiderBound(d[i], s[i], su[i], 1, i, ref thetaMax, ref hitIndex, ref hitSide);
                ConsiderBound(d[i], s[i], sl[i], -1, i, ref thetaMax, ref hitIndex, ref hitSide);
            }

            // Model change for e = (cos - 1) df + sin s, using the gradient gd at the current d.
            double gdf = QuadraticModel.Dot(gd, df), gs = QuadraticModel.Dot(gd, s);
            var bdf = QuadraticModel.Multiply(hessian, df);
            var bs = QuadraticModel.Multiply(hessian, s);
            double dfbdf = QuadraticModel.Dot(df, bdf), dfbs = QuadraticModel.Dot(df, bs), sbs = QuadraticModel.Dot(s, bs);
            double Change(double theta)
            {
                double c = Math.Cos(theta) - 1, sn = Math.Sin(theta);
                return c * gdf + sn * gs + 0.5 * (c * c * dfbdf + 2 * c * sn * dfbs + sn * sn * sbs);
            }

            int bestK = 0;
            double bestChange = 0;
            var changes = new double[ArcGridPoints + 1];
            for (int k = 1; k <= ArcGridPoints; k++)
            {
                changes[k] = Change(thetaMax * k / ArcGridPoints);
                if (changes[k] < bestChange)
                {
                    bestChange = changes[k];
                    bestK = k;
                }
            }

            if (bestK == 0) return;
            double bestTheta = thetaMax * bestK / ArcGridPoints;
            if (bestK < ArcGridPoints)
            {
                double lo = changes[bestK - 1], mid = changes[bestK], hi = changes[bestK + 1];
                double curvature = lo - 2 * mid + hi;
                if (curvature > 0)
                {
                    double shift = 0.5 * (lo - hi) / curvature;
                    double theta = thetaMax * (bestK + shift) / ArcGridPoints;
                    double refined = Change(theta);
                    if (refined < bestChange)
                    {
                        bestChange = refined;
                        bestTheta = theta;
                    }
                }
            }

            double cos = Math.Cos(bestTheta) - 1, sin = Math.Sin(bestTheta);
            var e = new double[n];
            for (int i = 0; i < n; i++) e[i] = cos * df[i] + sin * s[i];
            var be = QuadraticModel.Multiply(hessian, e);
            for (int i = 0; i < n; i++)
            {
                d[i] += e[i];
                gd[i] += be[i];
            }

            reduction -= bestChange;
            if (bestTheta == thetaMax && hitIndex >= 0)
            {
                fixedAt[hitIndex] = hitSide;
                d[hitIndex] = hitSide > 0 ? su[hitIndex] : sl[hitIndex];
            }

            if (-bestChange <= 0.01 * reduction) return;
        }
    }

    /// <summary>Smallest theta in (0, thetaMax) where cos(theta) d + sin(theta) s reaches the bound b.</summary>
    private static void ConsiderBound(
        double d, double s, double b, int side, int index, ref double thetaMax, ref int hitIndex, ref int hitSide)
    {
        if (double.IsInfinity(b)) return;
        double r = Math.Sqrt(d * d + s * s);
        if (!(r > Math.Abs(b))) return;
        double phi = Math.Atan2(s, d);
        double spread = Math.Acos(b / r);
        foreach (double candidate in new[] { phi - spread, phi + spread })
        {
            double theta = candidate;
            while (theta <= 0) theta += 2 * Math.PI;
            while (theta > 2 * Math.PI) theta -= 2 * Math.PI;
            if (theta > 1e-12 && theta < thetaMax)
            {
                thetaMax = theta;
                hitIndex = index;
                hitSide = side;
            }
        }
    }
}
