using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Design;

/// <summary>
/// lme4's check of the fixed-effects matrix (chkRank.drop.cols): R's qr() with tol = 1e-7 walks the columns in
/// order and moves to the end every column whose norm, after removing its projection on the columns kept so far,
/// is below 1e-7 times its original norm (an all-zero column is compared with 1e-7 itself); lme4 then drops the
/// moved columns, so of two collinear columns the later one goes.
/// <para>The same walk is done on the p x p cross-product of the columns (<see cref="RankCheckColumns"/>: unit norm,
/// dense ones centred, sparse ones kept sparse) by a Cholesky factorization in the columns' own order that skips the
/// columns it drops: the diagonal left after the kept earlier columns are eliminated is column j's squared residual
/// against them, relative to its norm. Blocked right-looking: each panel of <see cref="Panel"/> columns is factored
/// column by column, then the rest is updated with <see cref="SymmetricRankUpdate"/>; cancellation is checked per
/// panel. Cost O(n p) to form a sparse design's cross-product (O(n p_dense^2) for the dense columns) plus p^3/3,
/// against the O(n p^2) of Gram-Schmidt on the columns (303 s for 2,000 levels on 10,000 rows).</para>
/// <para>Why the tolerance still means lme4's: the cross-product squares the condition number, so its diagonal is
/// known only to about u (1e-16) times the growth of the elimination (and the rounding of sums over n rows), while
/// the test is at 1e-14 (= 1e-7 squared): a relative residual near the threshold could be decided either way.
/// So every column whose computed squared residual is below <see cref="RecheckBelow"/> (relative residual below
/// 1e-4, far above any rounding of a well-scaled cross-product) is decided from its residual computed on the
/// columns themselves: the semi-normal equations with two corrections (Björck's corrected semi-normal equations),
/// which give the residual to about u times the column's norm, as R's Householder QR does. Only nearly aliased
/// columns pay this O(nnz + p^2) each.</para>
/// </summary>
internal static class RankCheck
{
    public const double Tolerance = 1e-7;

    /// <summary>Squared relative residual below which the cross-product's figure is re-computed from the columns.</summary>
    internal const double RecheckBelow = 1e-8;

    /// <summary>Columns factored together before the rest of the cross-product is updated.</summary>
    internal const int Panel = 64;

    /// <summary>Indices (in order) of the columns to keep.</summary>
    public static List<int> KeptColumns(IReadOnlyList<double[]> columns, CancellationToken cancellation = default) =>
        KeptColumns(columns, nonZeroRows: null, cancellation);

    /// <summary>Indices (in order) of the columns to keep; <paramref name="nonZeroRows"/>: for each column the rows
    /// where it is non-zero when known (<see cref="DesignColumn.NonZeroRows"/>), or null.</summary>
    public static List<int> KeptColumns(IReadOnlyList<double[]> columns, IReadOnlyList<int[]?>? nonZeroRows, CancellationToken cancellation = default)
    {
        var stored = RankCheckColumns.From(columns, nonZeroRows, cancellation);
        bool[] kept = Decide(stored, cancellation);
        var result = new List<int>();
        for (int j = 0; j < stored.Count; j++)
            if (kept[j])
                result.Add(stored.Original[j]);
        return result;
    }

    /// <summary>Which stored columns are kept: all of them when <see cref="RankCheckOrthogonalBlock"/> shows it (a
    /// long run of a factor's indicators), else from the dense walk.</summary>
    private static bool[] Decide(RankCheckColumns stored, CancellationToken cancellation)
    {
        var run = stored.OrthogonalRun();
        if (RankCheckOrthogonalBlock.Applies(stored.Count, run)
            && RankCheckOrthogonalBlock.Pivots(stored.CrossProduct(cancellation), stored.Count, run, cancellation) is not null)
            return Enumerable.Repeat(true, stored.Count).ToArray();
        return Walk(stored, cancellation);
    }

    /// <summary>The pivots of the stored columns (squared residual against the kept columns before, relative to the
    /// norm; 0 for a dropped column) from the dense walk, and from the orthogonal-block shortcut (null when it does not
    /// apply or gives up): for tests that the two agree.</summary>
    internal static (double[] Dense, List<int> DenseKept, double[]? Shortcut) PivotsBothWays(IReadOnlyList<double[]> columns)
    {
        var stored = RankCheckColumns.From(columns, null, default);
        var dense = new double[stored.Count];
        bool[] kept = Walk(stored, default, dense);
        var run = stored.OrthogonalRun();
        double[]? shortcut = run.Length == 0 ? null : RankCheckOrthogonalBlock.Pivots(stored.CrossProduct(default), stored.Count, run, default);
        return (dense, Enumerable.Range(0, stored.Count).Where(j => kept[j]).Select(j => stored.Original[j]).ToList(), shortcut);
    }

    /// <summary>Which stored columns are kept. The lower triangle of g becomes the Cholesky factor of the kept
    /// columns' cross-product, with the columns of dropped ones zero (so they take no part in later updates).</summary>
    private static bool[] Walk(RankCheckColumns columns, CancellationToken cancellation, double[]? pivots = null)
    {
        int p = columns.Count;
        var kept = new bool[p];
        if (p == 0)
            return kept;
        double[] g = columns.CrossProduct(cancellation);
        for (int k0 = 0; k0 < p; k0 += Panel)
        {
            cancellation.ThrowIfCancellationRequested();
            int kb = Math.Min(Panel, p - k0);
            for (int j = k0; j < k0 + kb; j++)
            {
                long cj = (long)j * p;
                // The panel's earlier kept columns (the panels before were applied by the rank updates).
                for (int s = k0; s < j; s++)
                    if (kept[s])
                        VectorOps.Axpy(-g[(long)s * p + j], g, (int)((long)s * p + j), g, (int)(cj + j), p - j);
                double d = g[cj + j];
                if (!(d >= RecheckBelow))
                    d = double.IsNaN(d) ? d : Recheck(columns, g, kept, j);
                if (pivots is not null)
                    pivots[j] = d;
                // NaN (a column with a NaN or infinity) is kept, as the old Gram-Schmidt walk kept it.
                if (d < Tolerance * Tolerance || d == 0)
                {
                    Array.Clear(g, (int)(cj + j), p - j);
                    continue;
                }
                kept[j] = true;
                double l = Math.Sqrt(d);
                g[cj + j] = l;
                VectorOps.Scale(1.0 / l, g, (int)(cj + j + 1), p - j - 1);
            }
            int r0 = k0 + kb;
            if (r0 < p)
                SymmetricRankUpdate.Apply(g, (int)((long)r0 * p + r0), p, p - r0, g, (int)((long)k0 * p + r0), p, kb);
        }
        return kept;
    }

    /// <summary>Column j's squared residual against the kept columns before it, from the columns themselves: b from
    /// the factor (L_K L_K' b = X_K' r), r -= X_K b, three times starting from r = x_j; the first pass's right side
    /// is already in row j of the factor.</summary>
    private static double Recheck(RankCheckColumns columns, double[] g, bool[] kept, int j)
    {
        int p = columns.Count;
        var r = new double[columns.RowCount];
        columns.CopyTo(j, r);
        var z = new double[j];
        for (int s = 0; s < j; s++)
            z[s] = kept[s] ? g[(long)s * p + j] : 0;
        for (int pass = 0; pass < 3; pass++)
        {
            if (pass > 0)
            {
                for (int s = 0; s < j; s++)
                    z[s] = kept[s] ? columns.Dot(s, r) : 0;
                ForwardSolve(g, p, kept, z);
            }
            BackSolve(g, p, kept, z);
            for (int s = 0; s < j; s++)
                if (kept[s] && z[s] != 0)
                    columns.Axpy(s, -z[s], r);
        }
        return VectorOps.Dot(r, 0, r, 0, r.Length);
    }

    /// <summary>z := L_K^-1 z over the kept indices below z.Length (dropped entries stay 0).</summary>
    private static void ForwardSolve(double[] g, int p, bool[] kept, double[] z)
    {
        int m = z.Length;
        for (int s = 0; s < m; s++)
        {
            if (!kept[s])
            {
                z[s] = 0;
                continue;
            }
            long cs = (long)s * p;
            z[s] /= g[cs + s];
            double zs = z[s];
            for (int i = s + 1; i < m; i++)
                z[i] -= g[cs + i] * zs;
        }
    }

    /// <summary>z := L_K'^-1 z over the kept indices below z.Length (dropped entries are 0 and stay 0).</summary>
    private static void BackSolve(double[] g, int p, bool[] kept, double[] z)
    {
        int m = z.Length;
        for (int s = m - 1; s >= 0; s--)
        {
            if (!kept[s])
            {
                z[s] = 0;
                continue;
            }
            long cs = (long)s * p;
            double v = z[s];
            for (int i = s + 1; i < m; i++)
                v -= g[cs + i] * z[i];
            z[s] = v / g[cs + s];
        }
    }
}
