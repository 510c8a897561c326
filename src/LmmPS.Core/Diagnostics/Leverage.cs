using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Diagnostics;

/// <summary>
/// lme4's hatvalues(): the diagonal of the penalised least-squares hat matrix H = B (B'B + diag(I_q, 0))^-1 B' with
/// B = [Z Lambda, X] at theta-hat (fitted = H y). B'B + diag(I, 0) = L L' is the factor the fit uses (its y row and
/// column aside: L is lower triangular, so its leading block factors the leading block), hence
///     h_i = || L^-1 b_i ||^2,   b_i = [Lambda' z_i; x_i] (row i of B, as a column).
/// L = [L_1 0; L_T1 L_T] with L_1 block-diagonal (the first term, k0 x k0 per level), so with l the row's first-term
/// level, w = L_l^-1 (T_1' z_i1) and
///     L^-1 b_i = [ w ; L_T^-1 (d_i - L_T1[:, l] w) ],   d_i = [later terms' T_j' z_ij; x_i]
/// and with U = L_T^-1 (one dense triangular inverse, m^3/6 multiply-adds; never an n x n or q x q inverse):
///     h_i = |w|^2 + | U d_i - G_l w |^2,   G_l = U L_T1[:, l]  (m x k0, formed once per first-term level).
/// d_i has one k_j-block per later term and p entries of X, so a row costs (k0 + sum k_j + p) columns of U.
/// </summary>
public static class Leverage
{
    /// <summary>The hat values of the fit's observations, in the design's row order.</summary>
    public static double[] Compute(FitResult fit, CancellationToken cancellationToken = default)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        if (fit.Prior is not null)
            throw new LmmException("LeverageWithPrior", LmmErrorCategory.NotImplemented,
                "Hat values under a fixed-effect prior are not available: the prior changes the fixed-effects block of the hat matrix.");
        // U = L_T^-1 is dense: the hat values are computed on the dense trailing factor whatever the fit used.
        var model = new LinearMixedModel(fit.Design, new KernelOptions { TrailingFactor = TrailingFactorKind.Dense });
        var theta = fit.Theta.ToArray();
        // The factor update and the inverse below are the long parts on a large model: both check the call's token.
        using (model.CancelWith(cancellationToken))
        {
            if (!model.Factor.Update(theta))
                throw new LmmException("FactorizationFailed", LmmErrorCategory.InvalidResult,
                    "The model cannot be factored at the fit's theta, so its hat values are undefined.");
        }
        return FromFactor(model, theta, cancellationToken);
    }

    internal static double[] FromFactor(LinearMixedModel model, double[] theta, CancellationToken cancellationToken)
    {
        var f = model.Factor;
        f.RequireDense("The hat values");
        var a = f.CrossProduct;
        var design = model.WorkingDesign;
        var terms = design.RandomTerms;
        int n = design.RowCount, p = a.FixedColumns, qd = a.LaterRows, m = a.TrailingSize, k0 = a.FirstColumns;
        int mm = m - 1; // rows of U that matter: the y row never meets b_i.
        MemoryGuard.EnsureAvailable((long)m * m * sizeof(double), $"the hat values: the inverse of the dense part ({m} x {m})");
        var u = TrailingMatrix.Allocate(m, qd);
        TriangularInverse.InvertLower(f.Trailing, 0, m, m, u.Values, f.Kernels.MaxThreads, cancellationToken);

        var templates = new double[terms.Count][];
        for (int j = 0; j < terms.Count; j++)
        {
            templates[j] = new double[terms[j].ColumnCount * terms[j].ColumnCount];
            model.Layout.FillTemplate(theta, j, templates[j]);
        }

        // Observations grouped by their first-term level (counting sort keeps row order within a level).
        var first = terms[0];
        int levels = first.LevelCount;
        var start = new int[levels + 1];
        foreach (int l in first.LevelIndex) start[l + 1]++;
        for (int l = 0; l < levels; l++) start[l + 1] += start[l];
        var order = new int[n];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++) order[fill[first.LevelIndex[i]]++] = i;

        var h = new double[n];
        // The model's thread count (KernelOptions), as for every other kernel: no process-wide setting.
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = f.Kernels.MaxThreads };
        Parallel.For(0, levels, options,
            () => new Scratch(mm, k0),
            (level, _, s) =>
            {
                if (start[level] == start[level + 1]) return s;
                LevelColumns(f, u, mm, qd, p, k0, level, s.G);
                for (int e = start[level]; e < start[level + 1]; e++)
                    h[order[e]] = Row(f, design, templates, u, mm, qd, p, k0, level, order[e], s);
                return s;
            },
            _ => { });
        return h;
    }

    private sealed class Scratch
    {
        public Scratch(int mm, int k0)
        {
            G = new double[k0 * mm];
            V = new double[mm];
            C = new double[k0];
        }

        public double[] G { get; }
        public double[] V { get; }
        public double[] C { get; }
    }

    /// <summary>G_l = U L_T1[:, l]: column c is the sum over the nonzeros of L_T1's column (pattern rows of the later
    /// terms, then the p X rows of the dense panel) of value times that column of U.</summary>
    private static void LevelColumns(BlockedFactor f, TrailingMatrix u, int mm, int qd, int p, int k0, int level, double[] g)
    {
        Array.Clear(g, 0, g.Length);
        var sparse = f.Sparse;
        var dense = f.Dense;
        for (int c = 0; c < k0; c++)
        {
            int go = c * mm;
            if (sparse.RowCount > 0)
            {
                int nnz = sparse.NonZerosIn(level), o = sparse.ColumnOffset(level, c), st = sparse.LevelStart[level];
                for (int e = 0; e < nnz; e++)
                    AddColumn(u, mm, sparse.Rows[st + e], sparse.Values[o + e], g, go);
            }
            for (int t = 0; t < p; t++)
                AddColumn(u, mm, qd + t, dense.Values[t * dense.ColumnCount + level * k0 + c], g, go);
        }
    }

    private static double Row(BlockedFactor f, Design.ModelDesign design, double[][] templates, TrailingMatrix u, int mm, int qd, int p,
        int k0, int level, int i, Scratch s)
    {
        var terms = design.RandomTerms;
        // w = L_l^-1 (T_1' z_i1); the block is column-major lower triangular.
        var w = s.C;
        TransposedTemplateTimes(templates[0], k0, terms[0].Z, i * k0, w, 0);
        var block = f.First.Values;
        int bo = level * k0 * k0;
        double h = 0.0;
        for (int r = 0; r < k0; r++)
        {
            double x = w[r];
            for (int c = 0; c < r; c++) x -= block[bo + c * k0 + r] * w[c];
            w[r] = x / block[bo + r * k0 + r];
            h += w[r] * w[r];
        }

        // v = U d_i - G_l w.
        var v = s.V;
        Array.Clear(v, 0, mm);
        for (int c = 0; c < k0; c++)
        {
            double wc = w[c];
            int go = c * mm;
            for (int r = 0; r < mm; r++) v[r] -= s.G[go + r] * wc;
        }
        var a = f.CrossProduct;
        for (int j = 1; j < terms.Count; j++)
        {
            var t = terms[j];
            int k = t.ColumnCount, row0 = a.TermRowOffset[j] + t.LevelIndex[i] * k;
            var tmpl = templates[j];
            for (int c = 0; c < k; c++)
            {
                double dc = 0.0;
                for (int r = c; r < k; r++) dc += tmpl[c * k + r] * t.Z[i * k + r];
                AddColumn(u, mm, row0 + c, dc, v, 0);
            }
        }
        int n = design.RowCount;
        for (int t = 0; t < p; t++)
            AddColumn(u, mm, qd + t, design.X[t * n + i], v, 0);
        for (int r = 0; r < mm; r++) h += v[r] * v[r];
        return h;
    }

    /// <summary>target[o + r] += value * U[r, column] for r = column .. mm-1 (U is lower triangular).</summary>
    private static void AddColumn(TrailingMatrix u, int mm, int column, double value, double[] target, int o)
    {
        if (value == 0.0) return;
        var values = u.Values;
        long uo = u.Position(0, column);
        for (int r = column; r < mm; r++) target[o + r] += value * values[uo + r];
    }

    /// <summary>out = T' z for the k x k lower template T (column-major) and the k-vector z at z[zo].</summary>
    private static void TransposedTemplateTimes(double[] template, int k, double[] z, int zo, double[] result, int ro)
    {
        for (int c = 0; c < k; c++)
        {
            double s = 0.0;
            for (int r = c; r < k; r++) s += template[c * k + r] * z[zo + r];
            result[ro + c] = s;
        }
    }
}
