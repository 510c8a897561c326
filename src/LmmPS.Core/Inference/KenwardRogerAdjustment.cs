using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// Kenward and Roger's (1997) adjusted covariance of beta for a REML fit, as pbkrtest computes it, without n x n
/// matrices. The covariance of y is linear in gamma = (every distinct element of each term's covariance sigma^2 T T',
/// then sigma^2): Sigma = sum_r gamma_r G_r, G_r = Z F_r Z' (F_r a <see cref="LevelDirection"/> indicator) or I.
/// With Phi = sigma^2 C^-1 = vcov(beta) and Sigma^-1 = V0^-1 / sigma^2 (s2 = sigma^2):
///
///     P_r   = -X'Sigma^-1 G_r Sigma^-1 X          = -B_XZ F_r B_ZX / s2^2       (residual: -B2_XX / s2^2)
///     Q_rs  =  X'Sigma^-1 G_r Sigma^-1 G_s Sigma^-1 X = B_XZ F_r B_ZZ F_s B_ZX / s2^3
///              (r random, s residual: B_XZ F_r B2_ZX / s2^3; both: X'V0^-3 X / s2^3 = (B2_XX - B2_XZ G B_ZX) / s2^3,
///               from I = V0 - Z G Z', G = Lambda Lambda')
///     K_rs  = tr(Sigma^-1 G_r Sigma^-1 G_s)      = tr(F_r B_ZZ F_s B_ZZ) / s2^2
///              (r random, s residual: tr(F_r B2_ZZ) / s2^2; both: tr(V0^-2) / s2^2)
///     I_rs  = K_rs - 2 tr(Phi Q_rs) + tr(Phi P_r Phi P_s),   W = 2 I^-1 (a generalized inverse if near-singular)
///     U     = sum_rs W_rs (Q_rs - P_r Phi P_s),   Phi_A = Phi + 2 Phi U Phi.
///
/// B = K'V0^-1 K and B2 = K'V0^-2 K are <see cref="MarginalMoments"/>' (q + p + 1)-square matrices. Like pbkrtest,
/// the second-derivative term R_rs of Kenward-Roger is zero because Sigma is linear in gamma.
/// </summary>
internal sealed class KenwardRogerAdjustment
{
    public KenwardRogerAdjustment(MarginalMoments moments, double sigma)
    {
        double s2 = sigma * sigma;
        var terms = moments.Design.RandomTerms;
        var directions = new List<LevelDirection>();
        for (int t = 0; t < terms.Count; t++)
            for (int a = 0; a < terms[t].ColumnCount; a++)
                for (int b = a; b < terms[t].ColumnCount; b++)
                    directions.Add(LevelDirection.ForCovarianceElement(moments, t, b, a));
        int nr = directions.Count, ng = nr + 1;
        var bzz = moments.ZZ(moments.V0Inverse);
        var bzx = moments.ZX(moments.V0Inverse);
        var b2zz = moments.ZZ(moments.V0InverseSquared);
        var b2zx = moments.ZX(moments.V0InverseSquared);
        int q = moments.Q, p = moments.P;
        var b2xx = moments.V0InverseSquared.SubMatrix(q, p, q, p);
        Phi = s2 * moments.CInverse;

        var fb = directions.Select(d => d.Times(bzx)).ToArray();          // F_r B_ZX
        var fm = directions.Select(d => d.Times(bzz)).ToArray();          // F_r B_ZZ
        var pMatrices = new Matrix<double>[ng];
        for (int r = 0; r < nr; r++)
            pMatrices[r] = -bzx.TransposeThisAndMultiply(fb[r]) / (s2 * s2);
        pMatrices[nr] = -b2xx / (s2 * s2);

        // G = Lambda Lambda' as the sum of each term's T T' over levels: X'V0^-3 X = B2_XX - B2_XZ G B_ZX.
        var gbzx = Matrix<double>.Build.Dense(q, p);
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].ColumnCount;
            var tt = moments.Templates[t];
            var g = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    for (int c = 0; c <= Math.Min(i, j); c++)
                        g[i, j] += tt[c * k + i] * tt[c * k + j];
            gbzx += new LevelDirection(moments.TermOffsets[t], terms[t].LevelCount, g).Times(bzx);
        }

        var qMatrices = new Matrix<double>[ng, ng];
        var k2 = new double[ng, ng];
        for (int r = 0; r < nr; r++)
        {
            for (int s = r; s < nr; s++)
            {
                qMatrices[r, s] = fb[r].TransposeThisAndMultiply(bzz * fb[s]) / (s2 * s2 * s2);
                k2[r, s] = LevelDirection.TraceOfProduct(fm[r], fm[s]) / (s2 * s2);
            }
            qMatrices[r, nr] = fb[r].TransposeThisAndMultiply(b2zx) / (s2 * s2 * s2);
            k2[r, nr] = directions[r].Trace(b2zz) / (s2 * s2);
        }
        qMatrices[nr, nr] = (b2xx - b2zx.TransposeThisAndMultiply(gbzx)) / (s2 * s2 * s2);
        k2[nr, nr] = moments.TraceV0InverseSquared() / (s2 * s2);
        for (int r = 0; r < ng; r++)
            for (int s = 0; s < r; s++)
            {
                qMatrices[r, s] = qMatrices[s, r].Transpose();
                k2[r, s] = k2[s, r];
            }

        var information = Matrix<double>.Build.Dense(ng, ng);
        for (int r = 0; r < ng; r++)
        {
            var phiPr = Phi * pMatrices[r];
            for (int s = r; s < ng; s++)
            {
                double v = k2[r, s] - 2.0 * FrobeniusInner(Phi, qMatrices[r, s]) + FrobeniusInner(phiPr, pMatrices[s] * Phi);
                information[r, s] = information[s, r] = v;
            }
        }
        W = 2.0 * information.PseudoInverseIfSingular();

        var u = Matrix<double>.Build.Dense(p, p);
        for (int r = 0; r < ng; r++)
            for (int s = 0; s < ng; s++)
                u += W[r, s] * (qMatrices[r, s] - pMatrices[r] * Phi * pMatrices[s]);
        AdjustedCovariance = Phi + 2.0 * (Phi * u * Phi);
        for (int r = 0; r < p; r++)
            for (int c = 0; c < r; c++)
                AdjustedCovariance[r, c] = AdjustedCovariance[c, r] = 0.5 * (AdjustedCovariance[r, c] + AdjustedCovariance[c, r]);
        PMatrices = pMatrices;
    }

    /// <summary>vcov(beta), unadjusted.</summary>
    public Matrix<double> Phi { get; }

    /// <summary>Phi_A, pbkrtest's vcovAdj.</summary>
    public Matrix<double> AdjustedCovariance { get; }

    public Matrix<double>[] PMatrices { get; }

    /// <summary>2 I^-1, the asymptotic covariance of gamma.</summary>
    public Matrix<double> W { get; }

    /// <summary>
    /// Denominator df and F scaling for H0: L beta = 0 with q = rank(L) rows (Kenward-Roger's moment matching, pbkrtest's
    /// Lb_ddf / KRmodcomp): Theta = L'(L Phi L')^-1 L, u_r = Theta Phi P_r Phi,
    /// A1 = sum_rs W_rs tr(u_r) tr(u_s), A2 = sum_rs W_rs tr(u_r u_s), then the published rho, df and lambda.
    /// </summary>
    public (double Ddf, double Scaling) DenominatorDf(Matrix<double> l, int rank)
    {
        var theta = l.TransposeThisAndMultiply((l * Phi * l.Transpose()).Inverse() * l);
        var u = PMatrices.Select(pr => theta * Phi * pr * Phi).ToArray();
        double a1 = 0.0, a2 = 0.0;
        for (int r = 0; r < u.Length; r++)
            for (int s = 0; s < u.Length; s++)
            {
                a1 += W[r, s] * u[r].Trace() * u[s].Trace();
                a2 += W[r, s] * FrobeniusInner(u[r], u[s].Transpose());
            }
        double q = rank;
        double b = (a1 + 6.0 * a2) / (2.0 * q);
        double g = ((q + 1.0) * a1 - (q + 4.0) * a2) / ((q + 2.0) * a2);
        double denominator = 3.0 * q + 2.0 * (1.0 - g);
        double c1 = g / denominator, c2 = (q - g) / denominator, c3 = (q + 2.0 - g) / denominator;
        double v0 = 1.0 + c1 * b, v1 = 1.0 - c2 * b, v2 = 1.0 - c3 * b;
        if (Math.Abs(v0) < 1e-10) v0 = 0.0;
        double ratio = Math.Abs(1.0 - a2 / q) < 1e-14 && Math.Abs(v1) < 1e-14 ? 1.0 : (1.0 - a2 / q) / v1;
        double rho = ratio * ratio * v0 / (q * v2);
        double ddf = 4.0 + (q + 2.0) / (q * rho - 1.0);
        double scaling = Math.Abs(ddf - 2.0) < 0.01 ? 1.0 : ddf * (1.0 - a2 / q) / (ddf - 2.0);
        return (ddf, scaling);
    }

    internal static double FrobeniusInner(Matrix<double> a, Matrix<double> b)
    {
        double s = 0.0;
        for (int r = 0; r < a.RowCount; r++)
            for (int c = 0; c < a.ColumnCount; c++)
                s += a[r, c] * b[r, c];
        return s;
    }
}

internal static class MatrixInverseExtensions
{
    /// <summary>The inverse, or the Moore-Penrose inverse when the smallest |eigenvalue| is at most 1e-10 (pbkrtest's rule
    /// for the information matrix of gamma).</summary>
    public static Matrix<double> PseudoInverseIfSingular(this Matrix<double> symmetric)
    {
        var evd = FiniteMatrix.Require(symmetric, "A matrix of the Kenward-Roger adjustment").Evd(Symmetricity.Symmetric);
        double smallest = evd.EigenValues.Select(e => Math.Abs(e.Real)).Min();
        return smallest > 1e-10 ? symmetric.Inverse() : symmetric.PseudoInverse();
    }
}
