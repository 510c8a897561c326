using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>Conditional standard deviations of the random effects given the data and the fixed effects, as lme4's
/// ranef(condVar = TRUE): the diagonal blocks of sigma^2 Lambda (L_Z L_Z')^-1 Lambda'. (L_Z L_Z')^-1 is
/// L^-T W L^-1 with W = 0 on the [X y] rows, so its level blocks come from <see cref="InverseLevelBlocks"/>: a later
/// term's block is a Gram block of L_D^-1's columns, a first-term level's block is L_b^-T (I + G) L_b^-1 with
/// G = W_b' (L_D L_D')^-1 W_b, W_b sparse. (Gathering G from a dense (L_D L_D')^-1 instead took 0.85-0.9 s of random
/// reads on a 200,000-row crossed design, three times its Cholesky.)</summary>
internal static class ConditionalVariances
{
    /// <summary>Per term, levels x k row-major conditional SDs of b. The factor must hold a theta (checked); theta gives
    /// the templates applied to its (L_Z L_Z')^-1 blocks: normally the theta it holds, for a reparametrised fit
    /// (Fitting/ScaledResult) the original one.</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[][] Compute(LinearMixedModel model, IReadOnlyList<double> theta, double sigma)
    {
        var f = model.Factor;
        f.CheckHeld();
        if (f.SparseTrailing is not null)
            return SparseConditionalVariances.Compute(model, theta, sigma);
        var a = f.CrossProduct;
        var terms = model.Design.RandomTerms;
        // The model's own blocks: after a fit the inverse of the factor at the optimum is usually there already.
        var blocks = model.LevelBlocks;
        blocks.Compute(new double[(a.FixedColumns + 1) * (a.FixedColumns + 1)]);
        var result = new double[terms.Count][];
        var thetaArray = theta.ToArray();

        int kk = a.FirstColumns * a.FirstColumns;
        result[0] = FirstTerm(model, thetaArray, sigma, (level, g) => Array.Copy(blocks.FirstGrams, level * kk, g, 0, kk));

        // Later terms: diagonal blocks of (L_D L_D')^-1.
        int w = blocks.LaterWidth;
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
                        block[c * k + r] = blocks.LaterBlocks[(r0 + c) * w + r];
                WriteConditionalSD(tj, block, k, sigma, sd, level);
            }
            result[j] = sd;
        }
        return result;
    }

    /// <summary>The first term's conditional SDs: per level, <paramref name="gram"/> writes G = W_b' (L_D L_D')^-1 W_b
    /// (k0 x k0), and the block is L_b^-T (I + G) L_b^-1 under the template.</summary>
    internal static double[] FirstTerm(LinearMixedModel model, double[] theta, double sigma, Action<int, double[]> gram)
    {
        var f = model.Factor;
        int k0 = f.CrossProduct.FirstColumns, kk = k0 * k0;
        var t0 = new double[kk];
        model.Layout.FillTemplate(theta, 0, t0);
        var first = new double[model.Design.RandomTerms[0].Size];
        var g = new double[kk];
        var lbInv = new double[kk];
        var s0 = new double[kk];
        for (int level = 0; level < f.CrossProduct.FirstLevels; level++)
        {
            gram(level, g);
            for (int c = 0; c < k0; c++) g[c * k0 + c] += 1.0;
            DenseTriangular.InvertSmallLower(f.First.Values, level * kk, k0, lbInv);
            // s0 = Lb^-T G Lb^-1
            Congruence(lbInv, g, k0, s0);
            WriteConditionalSD(t0, s0, k0, sigma, first, level);
        }
        return first;
    }

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
    internal static void WriteConditionalSD(double[] template, double[] s, int k, double sigma, double[] sd, int level)
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
