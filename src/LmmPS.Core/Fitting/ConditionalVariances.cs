using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Fitting;

/// <summary>Conditional standard deviations of the random effects given the data and the fixed effects, as lme4's
/// ranef(condVar = TRUE): the diagonal blocks of sigma^2 Lambda (L_Z L_Z')^-1 Lambda'. With L_Z = [L_1 0; W L_D]
/// (L_1 the first term's blocks, W its block column over the later terms, L_D the dense part):
///   Sigma_DD = L_D^-T L_D^-1 and Sigma_11[level] = L_b^-T (I + W_b' Sigma_DD W_b) L_b^-1,
/// so only the dense part is inverted, and W_b is sparse.</summary>
internal static class ConditionalVariances
{
    /// <summary>Per term, levels x k row-major conditional SDs of b. The factor must be current at theta.</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[][] Compute(LinearMixedModel model, IReadOnlyList<double> theta, double sigma)
    {
        var f = model.Factor;
        var a = f.CrossProduct;
        var terms = model.Design.RandomTerms;
        int m = a.TrailingSize, qd = a.LaterRows;
        double[] sigmaDD = InverseOfDenseGram(f.Trailing, m, qd);
        var result = new double[terms.Count][];
        var thetaArray = theta.ToArray();

        // First term.
        int k0 = a.FirstColumns;
        var t0 = new double[k0 * k0];
        model.Layout.FillTemplate(thetaArray, 0, t0);
        var first = new double[terms[0].Size];
        var g = new double[k0 * k0];
        var lbInv = new double[k0 * k0];
        var s0 = new double[k0 * k0];
        var sparse = f.Sparse;
        for (int level = 0; level < a.FirstLevels; level++)
        {
            Array.Clear(g, 0, g.Length);
            for (int c = 0; c < k0; c++) g[c * k0 + c] = 1.0;
            if (qd > 0)
            {
                int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level];
                for (int c1 = 0; c1 < k0; c1++)
                    for (int c2 = 0; c2 < k0; c2++)
                    {
                        int o1 = sparse.ColumnOffset(level, c1), o2 = sparse.ColumnOffset(level, c2);
                        double s = 0.0;
                        for (int e1 = 0; e1 < nnz; e1++)
                        {
                            double w1 = sparse.Values[o1 + e1];
                            if (w1 == 0.0) continue;
                            int r1 = sparse.Rows[start + e1];
                            double inner = 0.0;
                            for (int e2 = 0; e2 < nnz; e2++)
                                inner += Symmetric(sigmaDD, qd, r1, sparse.Rows[start + e2]) * sparse.Values[o2 + e2];
                            s += w1 * inner;
                        }
                        g[c2 * k0 + c1] += s;
                    }
            }
            DenseTriangular.InvertSmallLower(f.First.Values, level * k0 * k0, k0, lbInv);
            // s0 = Lb^-T G Lb^-1
            Congruence(lbInv, g, k0, s0);
            WriteConditionalSD(t0, s0, k0, sigma, first, level);
        }
        result[0] = first;

        // Later terms: diagonal blocks of Sigma_DD.
        for (int j = 1; j < terms.Count; j++)
        {
            int k = terms[j].ColumnCount;
            var tj = new double[k * k];
            model.Layout.FillTemplate(thetaArray, j, tj);
            var sd = new double[terms[j].Size];
            var block = new double[k * k];
            for (int level = 0; level < terms[j].LevelCount; level++)
            {
                int r0 = a.TermRowOffset[j] + level * k;
                for (int c = 0; c < k; c++)
                    for (int r = 0; r < k; r++)
                        block[c * k + r] = Symmetric(sigmaDD, qd, r0 + r, r0 + c);
                WriteConditionalSD(tj, block, k, sigma, sd, level);
            }
            result[j] = sd;
        }
        return result;
    }

    /// <summary>(L_D L_D')^-1 = L_D^-T L_D^-1 for the leading qd x qd block of the trailing factor, lower triangle
    /// (column-major qd x qd), with the packed kernels: on a 200,000-row crossed design this is the largest
    /// one-off cost of a fit.</summary>
    [MethodImpl(JitHints.Hot)]
    private static double[] InverseOfDenseGram(double[] trailing, int m, int qd) =>
        LowerInverseGram.Compute(trailing, 0, m, qd);

    [MethodImpl(JitHints.Hot)]
    private static double Symmetric(double[] lower, int n, int r, int c) =>
        r >= c ? lower[c * n + r] : lower[r * n + c];

    /// <summary>result = B' G B for k x k column-major matrices.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void Congruence(double[] b, double[] g, int k, double[] result)
    {
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                double s = 0.0;
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                        s += b[r * k + i] * g[j * k + i] * b[c * k + j];
                result[c * k + r] = s;
            }
    }

    /// <summary>sd[level*k + r] = sigma * sqrt((T S T')[r, r]).</summary>
    [MethodImpl(JitHints.Hot)]
    private static void WriteConditionalSD(double[] template, double[] s, int k, double sigma, double[] sd, int level)
    {
        for (int r = 0; r < k; r++)
        {
            double v = 0.0;
            for (int i = 0; i <= r; i++)
                for (int j = 0; j <= r; j++)
                    v += template[i * k + r] * s[j * k + i] * template[j * k + r];
            sd[level * k + r] = sigma * Math.Sqrt(Math.Max(v, 0.0));
        }
    }
}
