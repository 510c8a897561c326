using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Core.Model;

/// <summary><see cref="ConditionalVariances"/> on the sparse trailing factor, from the selected inverse on L's pattern
/// (never a dense inverse). The factor is of M = [S_D, B'; B, E] with S_D = L_D L_D' the later levels' part and B the
/// [X y] border; <see cref="SelectedInverse"/> gives Z = M^-1 on L's pattern, which holds every later-level pair that
/// shares a first-term level and the whole border. By the inverse of a partitioned matrix
///     S_D^-1 = Z_DD - Z_DB (Z_BB)^-1 Z_BD,   (Z_BB)^-1 = E - B S_D^-1 B' = L_B L_B'  (the border's own block),
/// so S_D^-1[i, j] = Z[i, j] - w_i . w_j with w_i = L_B' Z[B, i]: the border correction, p + 1 values per level.
/// A later level's variance block is S_D^-1[r, r]; a first-term level's is L_b^-T (I + G) L_b^-1 with
/// G = W_b' S_D^-1[R, R] W_b over the later rows R its block column W_b meets (a clique, so on the pattern).</summary>
internal static class SparseConditionalVariances
{
    [MethodImpl(JitHints.Hot)]
    public static double[][] Compute(LinearMixedModel model, IReadOnlyList<double> theta, double sigma)
    {
        var f = model.Factor;
        var sf = f.SparseTrailing!;
        var a = f.CrossProduct;
        var cholesky = sf.Cholesky;
        var inverseOrdering = cholesky.Symbolic.InverseOrdering;
        var z = SelectedInverse.Compute(cholesky, null, null, f.Cancellation);
        int qd = sf.LaterRows, b = sf.BorderSize;
        var lb = sf.Border;

        // w_r = L_B' Z[B, r] per later row r (original numbering).
        var w = new double[(long)qd * b];
        var column = new double[b];
        for (int r = 0; r < qd; r++)
        {
            int j = inverseOrdering[r];
            for (int t = 0; t < b; t++) column[t] = sf.BorderEntry(z, qd + t, j);
            for (int t = 0; t < b; t++)
            {
                double s = 0.0;
                for (int u = t; u < b; u++) s += lb[t * b + u] * column[u];
                w[(long)r * b + t] = s;
            }
        }
        double LaterInverse(int i, int j)
        {
            double s = SelectedInverse.Entry(cholesky, z, i, j);
            long oi = (long)i * b, oj = (long)j * b;
            for (int t = 0; t < b; t++) s -= w[oi + t] * w[oj + t];
            return s;
        }

        var terms = model.Design.RandomTerms;
        var thetaArray = theta.ToArray();
        var result = new double[terms.Count][];

        // First term: G = W_b' S_D^-1[R, R] W_b.
        int k0 = a.FirstColumns;
        var panel = f.Sparse;
        var inverseRR = Array.Empty<double>();
        result[0] = ConditionalVariances.FirstTerm(model, thetaArray, sigma, (level, g) =>
        {
            Array.Clear(g, 0, g.Length);
            if (panel.RowCount == 0) return;
            int nnz = panel.NonZerosIn(level), start = panel.LevelStart[level], o = k0 * start;
            if (inverseRR.Length < nnz * nnz) inverseRR = new double[nnz * nnz];
            for (int x = 0; x < nnz; x++)
                for (int y = x; y < nnz; y++)
                    inverseRR[x * nnz + y] = inverseRR[y * nnz + x] = LaterInverse(panel.Rows[start + x], panel.Rows[start + y]);
            var v = panel.Values;
            for (int c1 = 0; c1 < k0; c1++)
                for (int c2 = 0; c2 < k0; c2++)
                {
                    double s = 0.0;
                    for (int x = 0; x < nnz; x++)
                    {
                        double px = v[o + c1 * nnz + x];
                        if (px == 0.0) continue;
                        double inner = 0.0;
                        for (int y = 0; y < nnz; y++) inner += inverseRR[x * nnz + y] * v[o + c2 * nnz + y];
                        s += px * inner;
                    }
                    g[c2 * k0 + c1] = s;
                }
        });

        // Later terms (one column each): S_D^-1[r, r].
        var one = new double[1];
        for (int j = 1; j < terms.Count; j++)
        {
            var tj = new double[1];
            model.Layout.FillTemplate(thetaArray, j, tj);
            var sd = new double[terms[j].Size];
            for (int level = 0; level < terms[j].LevelCount; level++)
            {
                int r = a.TermRowOffset[j] + level;
                one[0] = LaterInverse(r, r);
                ConditionalVariances.WriteConditionalSD(tj, one, 1, sigma, sd, level);
            }
            result[j] = sd;
        }
        return result;
    }
}
