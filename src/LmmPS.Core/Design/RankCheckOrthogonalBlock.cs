using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Design;

/// <summary>
/// A shortcut for <see cref="RankCheck"/> when the columns hold a long run S of mutually orthogonal columns (the
/// indicators of one factor, or a factor times a covariate: disjoint rows) between few others, B before and T
/// after (the intercept and covariates; y is always last): it shows that every column is kept, in O(p (b + t)^2 +
/// m b^2 + t m b) for m = |S|, b = |B|, t = |T|, instead of the dense walk's p^3/3 (5,000 levels: 4e10).
/// <para>The same column-order Cholesky of the cross-product G, arranged around S's diagonal block D: after B is
/// eliminated (left-looking, all rows), S's block is D - W W' with W = L_SB (m x b). Eliminating its columns in
/// order keeps the form D_rest + W_rest C W_rest' with a b x b matrix C (C = -I at first): column j's pivot is
/// a_j = D_j + w_j' C w_j and its entries below are w_i' C w_j / sqrt(a_j), so with u_j = C w_j / sqrt(a_j) the
/// step is C -= u_j u_j', and L_SS = diag(sqrt a) + strictly-lower(W U'). A column of T is then solved against
/// L_SS by forward substitution with a running b-vector (z_j = (r_j - w_j' sum_{i&lt;j} u_i z_i) / sqrt a_j), and
/// T's own block is eliminated against B, S and T left-looking.</para>
/// <para>Why the decisions are the dense walk's: the pivots are the same quantities (each column's squared residual
/// against the columns before it, relative to its norm) computed in another order, so they differ by rounding only.
/// The shortcut gives up (null) as soon as a pivot is below <see cref="RankCheck.RecheckBelow"/> (or NaN), and the
/// dense walk decides; otherwise every pivot is at least 1e-8, a million times the threshold 1e-14, which no rounding
/// of a unit-norm cross-product crosses, and the dense walk keeps every column too (a pivot it computed below 1e-8
/// would be re-decided from the columns, giving the true residual, again far above 1e-14).</para>
/// </summary>
internal static class RankCheckOrthogonalBlock
{
    /// <summary>Shorter orthogonal runs are left to the dense walk.</summary>
    internal const int MinimumRun = 128;

    /// <summary>Whether the shortcut is worth trying: a run of at least <see cref="MinimumRun"/> columns, at least
    /// four times as many as the columns before and after it together.</summary>
    public static bool Applies(int count, (int Start, int Length) run) =>
        run.Length >= MinimumRun && 4L * (count - run.Length) <= run.Length;

    /// <summary>Every column's pivot (squared residual against the columns before it, relative to its norm), or null
    /// when one is below <see cref="RankCheck.RecheckBelow"/> or NaN. g is the cross-product (p x p column-major,
    /// lower triangle), overwritten: B's columns and T's rows become the factor's.</summary>
    public static double[]? Pivots(double[] g, int p, (int Start, int Length) run, CancellationToken cancellation)
    {
        int b = run.Start, m = run.Length, e = b + m;
        var pivots = new double[p];
        for (int j = 0; j < b; j++)
            if (!EliminateLeftLooking(g, p, j, 0, j, pivots))
                return null;

        // S: C starts at -I (b x b, row-major), u_j is row j of U (m x b).
        var c = new double[b * b];
        for (int q = 0; q < b; q++)
            c[q * b + q] = -1;
        var u = new double[(long)m * b];
        var root = new double[m];
        var w = new double[b];
        var cw = new double[b];
        for (int i = 0; i < m; i++)
        {
            if ((i & 255) == 0)
                cancellation.ThrowIfCancellationRequested();
            int j = b + i;
            LoadW(g, p, b, j, w);
            double a = g[(long)j * p + j];
            for (int q = 0; q < b; q++)
            {
                cw[q] = VectorOps.Dot(c, q * b, w, 0, b);
                a += w[q] * cw[q];
            }
            if (!(a >= RankCheck.RecheckBelow))
                return null;
            pivots[j] = a;
            root[i] = Math.Sqrt(a);
            for (int q = 0; q < b; q++)
                u[(long)i * b + q] = cw[q] / root[i];
            for (int q = 0; q < b; q++)
                VectorOps.Axpy(-u[(long)i * b + q], u, (int)((long)i * b), c, q * b, b);
        }

        // T's rows of S's columns: L_SS z = G_ST[:, t] - L_SB L_TB[t, :]', forward, with acc = sum_{i<j} u_i z_i.
        var acc = new double[b];
        for (int t = e; t < p; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            Array.Clear(acc, 0, b);
            for (int i = 0; i < m; i++)
            {
                int j = b + i;
                LoadW(g, p, b, j, w);
                double r = g[(long)j * p + t];
                for (int q = 0; q < b; q++)
                    r -= g[(long)q * p + t] * w[q] + w[q] * acc[q];
                double z = r / root[i];
                g[(long)j * p + t] = z;
                VectorOps.Axpy(z, u, (int)((long)i * b), acc, 0, b);
            }
        }
        for (int t = e; t < p; t++)
            if (!EliminateLeftLooking(g, p, t, 0, t, pivots))
                return null;
        return pivots;
    }

    /// <summary>w = row j of L_SB (column q of g holds B's factor column q).</summary>
    private static void LoadW(double[] g, int p, int b, int j, double[] w)
    {
        for (int q = 0; q < b; q++)
            w[q] = g[(long)q * p + j];
    }

    /// <summary>Column j of the factor, rows j..p-1, from G's column j less the columns from..to-1 before it (every
    /// one kept, each holding its factor entries in the rows j..p-1); false when its pivot is below the recheck
    /// level.</summary>
    private static bool EliminateLeftLooking(double[] g, int p, int j, int from, int to, double[] pivots)
    {
        int cj = j * p;
        for (int s = from; s < to; s++)
            VectorOps.Axpy(-g[s * p + j], g, s * p + j, g, cj + j, p - j);
        double d = g[cj + j];
        if (!(d >= RankCheck.RecheckBelow))
            return false;
        pivots[j] = d;
        double l = Math.Sqrt(d);
        g[cj + j] = l;
        VectorOps.Scale(1.0 / l, g, cj + j + 1, p - j - 1);
        return true;
    }
}
