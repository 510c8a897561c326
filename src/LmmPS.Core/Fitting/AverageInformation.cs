using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Fitting;

/// <summary>An approximation of the Hessian of the profiled objective f(theta) (ML deviance or REML criterion) in the
/// manner of average-information REML (Gilmour, Thompson and Cullis 1995), built from the factor at theta for the
/// price of one forward solve per theta element (no refactoring, no inverse).
///
/// With V0 = I + Z Lambda Lambda' Z', P0 = V0^-1 - V0^-1 X (X'V0^-1 X)^-1 X'V0^-1, r~ = P0 y = y - X beta - Z Lambda u,
/// r2 = y'P0 y (the penalized RSS), V_i = dV0/dtheta_i and N = n (ML) or n - p (REML), the exact Hessian is
///   H_ij = [tr(P V_ij) - N/r2 r~'V_ij r~] - tr(P V_i P V_j) + 2 N/r2 r~'V_i P0 V_j r~ - N/r2^2 g_i g_j,
/// with g_i = r~'V_i r~ and P = V0^-1 (ML) or P0 (REML). Replacing the second trace by its expectation's estimate
/// N/r2 r~'V_i P0 V_j r~ leaves the "average information" N/r2 (Q - g g'/r2), Q_ij = u_i'P0 u_j for u_i = V_i r~,
/// plus the bracket, whose positive part <see cref="CovarianceBracket"/> recovers from the gradient. Q and g need
/// only u_i (n-vectors) and w_i = L^-1 [Lambda'Z'u_i; X'u_i], because u_i'P0 u_j = u_i'u_j - w_i'w_j (the penalized
/// least-squares identity of the augmented system L factors). Near the optimum this is within about 1% of the
/// Hessian (tests: finite differences of the gradient); far from it, where the objective is not convex, it stays
/// positive semi-definite, so the optimizer's model keeps a minimum (docs/gradient.md, section 9).</summary>
internal static class AverageInformation
{
    /// <param name="model">Its factor current at <paramref name="theta"/>.</param>
    /// <param name="theta">Where the approximation is wanted.</param>
    /// <param name="method">ML or REML: the objective whose Hessian this approximates.</param>
    /// <param name="gradient">The objective's gradient at theta, from which the bracket is recovered.</param>
    /// <returns>The symmetric approximation, theta.Length x theta.Length.</returns>
    public static double[,] Compute(LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, ReadOnlySpan<double> gradient)
    {
        var design = model.Design;
        var layout = model.Layout;
        var terms = design.RandomTerms;
        int n = design.RowCount, p = design.FixedEffectCount, count = layout.Count;
        var solution = ModelSolution.Compute(model, method);
        double r2 = solution.PenalizedRss;
        double weight = (method == EstimationMethod.REML ? n - p : n) / r2;

        var thetaArray = theta.ToArray();
        var templates = new double[terms.Count][];
        for (int k = 0; k < terms.Count; k++)
        {
            templates[k] = new double[terms[k].ColumnCount * terms[k].ColumnCount];
            layout.FillTemplate(theta, k, templates[k]);
        }

        var residual = PenalizedResidual(model, solution, thetaArray);
        var u = new double[count][];
        var w = new double[count][];
        var g = new double[count];
        for (int k = 0; k < terms.Count; k++)
        {
            var term = terms[k];
            int kk = term.ColumnCount;
            var h = LevelSums(term, residual);
            var t = templates[k];
            int index = layout.Offsets[k];
            for (int c = 0; c < kk; c++)
                for (int r = c; r < kk; r++, index++)
                {
                    u[index] = DerivativeTimesResidual(term, t, r, c, h);
                    g[index] = VectorOps.Dot(residual, 0, u[index], 0, n);
                    w[index] = ForwardSolve(model, templates, u[index]);
                }
        }

        var hessian = new double[count, count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j <= i; j++)
            {
                double q = VectorOps.Dot(u[i], 0, u[j], 0, n) - VectorOps.Dot(w[i], 0, w[j], 0, w[i].Length);
                hessian[i, j] = hessian[j, i] = weight * (q - g[i] * g[j] / r2);
            }

        CovarianceBracket.AddPositivePart(layout, theta, gradient, hessian);
        return hessian;
    }

    /// <summary>r~ = y - X beta - Z Lambda u, which is P0 y.</summary>
    private static double[] PenalizedResidual(LinearMixedModel model, ModelSolution solution, double[] theta)
    {
        var design = model.Design;
        int n = design.RowCount;
        var residual = (double[])design.Response.Clone();
        for (int t = 0; t < design.FixedEffectCount; t++)
        {
            double beta = solution.Beta[t];
            for (int i = 0; i < n; i++) residual[i] -= design.X[t * n + i] * beta;
        }

        for (int k = 0; k < design.RandomTerms.Count; k++)
        {
            var term = design.RandomTerms[k];
            int kk = term.ColumnCount;
            var b = solution.RandomEffects(model, theta, k);
            for (int i = 0; i < n; i++)
            {
                int o = term.LevelIndex[i] * kk;
                double s = 0;
                for (int c = 0; c < kk; c++) s += term.Z[i * kk + c] * b[o + c];
                residual[i] -= s;
            }
        }

        return residual;
    }

    /// <summary>Z_l' v per level l of the term, levels x k row-major.</summary>
    private static double[] LevelSums(Design.RandomEffectsTerm term, double[] v)
    {
        int kk = term.ColumnCount;
        var sums = new double[term.LevelCount * kk];
        for (int i = 0; i < v.Length; i++)
        {
            int o = term.LevelIndex[i] * kk;
            for (int c = 0; c < kk; c++) sums[o + c] += term.Z[i * kk + c] * v[i];
        }

        return sums;
    }

    /// <summary>u = Z (E T' + T E') Z' r~ for E = e_r e_c' (the template element at row r, column c), using
    /// h = Z' r~ by level: (E T' + T E') h_l = e_r (T[:,c]'h_l) + T[:,c] h_l[r].</summary>
    private static double[] DerivativeTimesResidual(Design.RandomEffectsTerm term, double[] t, int r, int c, double[] h)
    {
        int kk = term.ColumnCount, levels = term.LevelCount;
        var v = new double[levels * kk];
        for (int l = 0; l < levels; l++)
        {
            int o = l * kk;
            double column = 0;
            for (int a = c; a < kk; a++) column += t[c * kk + a] * h[o + a];
            v[o + r] += column;
            for (int a = c; a < kk; a++) v[o + a] += t[c * kk + a] * h[o + r];
        }

        int n = term.LevelIndex.Length;
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            int o = term.LevelIndex[i] * kk;
            double s = 0;
            for (int a = 0; a < kk; a++) s += term.Z[i * kk + a] * v[o + a];
            u[i] = s;
        }

        return u;
    }

    /// <summary>w = L^-1 [Lambda'Z'u; X'u] over the random-effect and fixed-effect rows of the factor (not y's).</summary>
    private static double[] ForwardSolve(LinearMixedModel model, double[][] templates, double[] u)
    {
        var design = model.Design;
        var f = model.Factor;
        var a = f.CrossProduct;
        int n = design.RowCount, p = a.FixedColumns, qd = a.LaterRows, m = a.TrailingSize;
        int k0 = a.FirstColumns, q0 = a.FirstLevels * k0;
        var w = new double[q0 + qd + p];

        // Right-hand side: T' Z_l' u per level of each term, then X'u.
        for (int k = 0; k < design.RandomTerms.Count; k++)
        {
            var term = design.RandomTerms[k];
            int kk = term.ColumnCount;
            var sums = LevelSums(term, u);
            var t = templates[k];
            int offset = k == 0 ? 0 : q0 + a.TermRowOffset[k];
            for (int l = 0; l < term.LevelCount; l++)
                for (int c = 0; c < kk; c++)
                {
                    double s = 0;
                    for (int r = c; r < kk; r++) s += t[c * kk + r] * sums[l * kk + r];
                    w[offset + l * kk + c] = s;
                }
        }

        for (int t = 0; t < p; t++) w[q0 + qd + t] = VectorOps.Dot(design.X, t * n, u, 0, n);

        // First term's blocks, then what their columns take from the later rows, then the dense part.
        var first = f.First.Values;
        for (int level = 0; level < a.FirstLevels; level++)
        {
            int o = level * k0 * k0, x = level * k0;
            for (int c = 0; c < k0; c++)
            {
                double s = w[x + c];
                for (int j = 0; j < c; j++) s -= first[o + j * k0 + c] * w[x + j];
                w[x + c] = s / first[o + c * k0 + c];
            }
        }

        var sparse = f.Sparse;
        if (sparse.RowCount > 0)
            for (int level = 0; level < a.FirstLevels; level++)
            {
                int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level];
                for (int c = 0; c < k0; c++)
                {
                    double value = w[level * k0 + c];
                    int o = sparse.ColumnOffset(level, c);
                    for (int e = 0; e < nnz; e++) w[q0 + sparse.Rows[start + e]] -= sparse.Values[o + e] * value;
                }
            }

        var dense = f.Dense;
        for (int t = 0; t < p; t++)
            w[q0 + qd + t] -= VectorOps.Dot(dense.Values, t * dense.ColumnCount, w, 0, q0);

        var trailing = f.Trailing;
        for (int j = 0; j < qd + p; j++)
        {
            double value = w[q0 + j] /= trailing[j * m + j];
            for (int i = j + 1; i < qd + p; i++) w[q0 + i] -= trailing[j * m + i] * value;
        }

        return w;
    }
}
