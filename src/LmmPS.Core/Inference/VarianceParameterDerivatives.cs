using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// lmerTest's ingredients for Satterthwaite's approximation, analytically, at (theta, sigma):
/// <list type="bullet">
/// <item>D(theta, sigma) = -2 log-likelihood with beta profiled out and sigma free:
///   log det V0 [+ log det C for REML] + r2 / sigma^2 + N' log(2 pi sigma^2), r2 = y'P0 y, N' = n (ML) or n - p (REML);</item>
/// <item>its Hessian in varpar = (theta, sigma), and vcov(varpar) = 2 H^-1 (eigenvalues at or below 1e-8 dropped, as lmerTest);</item>
/// <item>the Jacobian of vcov(beta) = sigma^2 C^-1 with respect to varpar.</item>
/// </list>
/// With V_i = dV0/dtheta_i = Z E_i Z' (E_i = d Lambda Lambda' / d theta_i, a <see cref="LevelDirection"/>),
/// P = P0 (REML) or V0^-1 (ML), M = Z'P Z, h = Z'P0 y, and d P0 = -P0 dV P0:
///
///     dD/dtheta_i            = tr(E_i M) - h'E_i h / sigma^2
///     d2D/dtheta_i dtheta_j  = tr(E_ij M) - tr(E_i M E_j M) + (2 h'E_i Z'P0 Z E_j h - h'E_ij h) / sigma^2
///     d2D/dtheta_i dsigma    = 2 h'E_i h / sigma^3
///     d2D/dsigma^2           = 6 r2 / sigma^4 - 2 N' / sigma^2
///     d vcov(beta)/dtheta_i  = sigma^2 C^-1 (X'V0^-1 Z E_i Z'V0^-1 X) C^-1,   d vcov(beta)/dsigma = 2 sigma C^-1
///
/// (the REML pieces because d(log det V0 + log det C) = tr(P0 dV), d r2 = -r~'dV r~ with r~ = P0 y, Z'r~ = h).
/// E_ij = d2 Lambda Lambda' / d theta_i d theta_j is non-zero only within a term and a template column.
/// </summary>
internal sealed class VarianceParameterDerivatives
{
    /// <summary>lmerTest's tolerance on the Hessian's eigenvalues.</summary>
    public const double EigenvalueTolerance = 1e-8;

    public VarianceParameterDerivatives(MarginalMoments moments, EstimationMethod method, double sigma)
    {
        Sigma = sigma;
        bool reml = method == EstimationMethod.REML;
        int nt = moments.Theta.Length, nv = nt + 1;
        var elements = ThetaElements(moments);
        var m = moments.ZZ(reml ? moments.Projected : moments.V0Inverse);
        var qzz = moments.ZZ(moments.Projected);
        var h = moments.ZY(moments.Projected);
        var bzx = moments.ZX(moments.V0Inverse);
        double r2 = moments.PenalizedRss, s2 = sigma * sigma;
        double nPrime = reml ? moments.N - moments.P : moments.N;

        var directions = elements.Select(e => LevelDirection.ForTheta(moments, e.Term, e.Row, e.Column)).ToArray();
        var em = directions.Select(d => d.Times(m)).ToArray();
        var eh = directions.Select(d => d.Times(h)).ToArray();

        Gradient = new double[nv];
        var hessian = Matrix<double>.Build.Dense(nv, nv);
        for (int i = 0; i < nt; i++)
        {
            double hEh = h.DotProduct(eh[i]);
            Gradient[i] = directions[i].Trace(m) - hEh / s2;
            hessian[i, nt] = hessian[nt, i] = 2.0 * hEh / (s2 * sigma);
            var qeh = qzz * eh[i];
            for (int j = 0; j <= i; j++)
            {
                double v = -LevelDirection.TraceOfProduct(em[i], em[j]) + 2.0 * eh[j].DotProduct(qeh) / s2;
                if (elements[i].Term == elements[j].Term
                    && LevelDirection.SecondForTheta(moments, elements[i].Term, elements[i].Row, elements[i].Column, elements[j].Row, elements[j].Column) is { } second)
                    v += second.Trace(m) - second.Form(h, h) / s2;
                hessian[i, j] = hessian[j, i] = v;
            }
        }
        Gradient[nt] = -2.0 * r2 / (s2 * sigma) + 2.0 * nPrime / sigma;
        hessian[nt, nt] = 6.0 * r2 / (s2 * s2) - 2.0 * nPrime / s2;
        Hessian = hessian;
        (VarparCovariance, HessianEigenvalues) = TwiceInverse(hessian);

        var cinv = moments.CInverse;
        Jacobian = new Matrix<double>[nv];
        for (int i = 0; i < nt; i++)
        {
            var middle = bzx.TransposeThisAndMultiply(directions[i].Times(bzx));
            Jacobian[i] = s2 * (cinv * middle * cinv);
        }
        Jacobian[nt] = 2.0 * sigma * cinv;
        VcovBeta = s2 * cinv;
    }

    /// <summary>The same ingredients computed elsewhere (<see cref="FactorSatterthwaite"/>, from the blocks of the factor).</summary>
    internal VarianceParameterDerivatives(double sigma, double[] gradient, Matrix<double> hessian, Matrix<double>[] jacobian, Matrix<double> vcovBeta)
    {
        Sigma = sigma;
        Gradient = gradient;
        Hessian = hessian;
        (VarparCovariance, HessianEigenvalues) = TwiceInverse(hessian);
        Jacobian = jacobian;
        VcovBeta = vcovBeta;
    }

    public double Sigma { get; }

    /// <summary>dD / d varpar (should be ~0 at the optimum).</summary>
    public double[] Gradient { get; }

    /// <summary>d2 D / d varpar^2.</summary>
    public Matrix<double> Hessian { get; }

    public double[] HessianEigenvalues { get; }

    /// <summary>2 H^-1 over the eigenvalues above <see cref="EigenvalueTolerance"/> (lmerTest's vcov_varpar).</summary>
    public Matrix<double> VarparCovariance { get; }

    /// <summary>d vcov(beta) / d varpar_k, p x p each.</summary>
    public Matrix<double>[] Jacobian { get; }

    public Matrix<double> VcovBeta { get; }

    /// <summary>Satterthwaite's df of l'beta: 2 (l'V l)^2 / (g' vcov(varpar) g), g_k = l' J_k l.</summary>
    public double DegreesOfFreedom(Vector<double> l)
    {
        double variance = l.DotProduct(VcovBeta * l);
        var g = Vector<double>.Build.Dense(Jacobian.Length, k => l.DotProduct(Jacobian[k] * l));
        return 2.0 * variance * variance / g.DotProduct(VarparCovariance * g);
    }

    internal readonly record struct ThetaElement(int Term, int Row, int Column);

    /// <summary>theta's elements in lme4's order: term by term, template column by column, rows from the diagonal.</summary>
    internal static ThetaElement[] ThetaElements(MarginalMoments moments)
    {
        var list = new List<ThetaElement>();
        var terms = moments.Design.RandomTerms;
        for (int t = 0; t < terms.Count; t++)
            for (int c = 0; c < terms[t].ColumnCount; c++)
                for (int r = c; r < terms[t].ColumnCount; r++)
                    list.Add(new ThetaElement(t, r, c));
        return list.ToArray();
    }

    private static (Matrix<double>, double[]) TwiceInverse(Matrix<double> h)
    {
        FiniteMatrix.Require(h, "The Hessian of the objective in (theta, sigma)");
        var evd = h.Evd(Symmetricity.Symmetric);
        int n = h.RowCount;
        var values = new double[n];
        var result = Matrix<double>.Build.Dense(n, n);
        for (int e = 0; e < n; e++)
        {
            double d = evd.EigenValues[e].Real;
            values[e] = d;
            if (d <= EigenvalueTolerance) continue;
            var v = evd.EigenVectors.Column(e);
            result += (2.0 / d) * v.OuterProduct(v);
        }
        return (result, values);
    }

    /// <summary>D(theta, sigma) itself, for finite-difference checks.</summary>
    internal static double Deviance(MarginalMoments moments, EstimationMethod method, double sigma)
    {
        bool reml = method == EstimationMethod.REML;
        double nPrime = reml ? moments.N - moments.P : moments.N;
        double s2 = sigma * sigma;
        return moments.LogDetF + (reml ? moments.LogDetC : 0.0) + moments.PenalizedRss / s2 + nPrime * Math.Log(2 * Math.PI * s2);
    }

}
