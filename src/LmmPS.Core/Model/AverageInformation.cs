using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>An approximation of the Hessian of the profiled objective f(theta) (ML deviance or REML criterion) in the
/// manner of average-information REML (Gilmour, Thompson and Cullis 1995), built from the factor at theta for the
/// price of one forward solve per theta element (no refactoring, no inverse).
///
/// With V0 = I + Z Lambda Lambda' Z', P0 = V0^-1 - V0^-1 X (X'V0^-1 X)^-1 X'V0^-1, r~ = P0 y = y - X beta - Z Lambda u,
/// r2 = y'P0 y (the penalized RSS), V_i = dV0/dtheta_i and N = n (ML) or n - p (REML), the exact Hessian is
///   H_ij = [tr(P V_ij) - N/r2 r~'V_ij r~] - tr(P V_i P V_j) + 2 N/r2 r~'V_i P0 V_j r~ - N/r2^2 g_i g_j,
/// with g_i = r~'V_i r~ and P = V0^-1 (ML) or P0 (REML). Replacing the second trace by its expectation's estimate
/// N/r2 r~'V_i P0 V_j r~ leaves the "average information" N/r2 (Q - g g'/r2), Q_ij = u_i'P0 u_j for u_i = V_i r~,
/// plus the bracket, whose positive part <see cref="CovarianceBracket"/> recovers from the gradient. Q needs only
/// w_i = L^-1 [Lambda'Z'u_i; X'u_i], because u_i'P0 u_j = u_i'u_j - w_i'w_j (the penalized least-squares identity of
/// the augmented system L factors); u_i = Z_k v_i is never formed: [Z X]'u_i, u_i'u_j and g_i are read off the
/// cross-product A and Z_k'r~. Near the optimum this is within about 1% of the
/// Hessian (tests: finite differences of the gradient); far from it, where the objective is not convex, it stays
/// positive semi-definite, so the optimizer's model keeps a minimum (docs/gradient.md, section 9).</summary>
internal static class AverageInformation
{
    /// <param name="model">Its factor current at <paramref name="theta"/>.</param>
    /// <param name="theta">Where the approximation is wanted.</param>
    /// <param name="method">ML or REML: the objective whose Hessian this approximates.</param>
    /// <param name="gradient">The objective's gradient at theta, from which the bracket is recovered.</param>
    /// <returns>The symmetric approximation, theta.Length x theta.Length.</returns>
    [MethodImpl(JitHints.Hot)]
    public static double[,] Compute(LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, ReadOnlySpan<double> gradient)
    {
        var design = model.WorkingDesign;
        var layout = model.Layout;
        var terms = design.RandomTerms;
        var a = model.Factor.CrossProduct;
        // Its loops run over theta elements and pairs of them (count^2 x the factor's rows): for thousands of theta
        // elements that is minutes, so each loop reads the call's token once per theta element.
        var cancellation = model.Factor.Cancellation;
        int n = design.RowCount, p = design.FixedEffectCount, count = layout.Count;
        var solution = model.SolutionAt(theta, method);
        double r2 = solution.PenalizedRss;
        double weight = model.Criterion(method).ResponseWeight / r2;

        var templates = new double[terms.Count][];
        for (int k = 0; k < terms.Count; k++)
        {
            templates[k] = new double[terms[k].ColumnCount * terms[k].ColumnCount];
            layout.FillTemplate(theta, k, templates[k]);
        }

        // The objective summed pwrss from r~ on designs where l_yy^2 is noisy: the same r~ (read-only), not formed again.
        var residual = solution.Residual;
        if (residual is null)
        {
            residual = new double[n];
            PenalizedResidual.Compute(model, theta, solution.Beta, solution.U, residual);
        }

        // Per theta element i: its term, and (E_i T' + T E_i') Z_l' r~ per level, so that u_i at a row is that
        // level's vector times the row of Z.
        var termOf = new int[count];
        var levelVectors = new double[count][];
        var residualSums = new double[terms.Count][];
        for (int k = 0; k < terms.Count; k++)
        {
            var sums = residualSums[k] = LevelSums(terms[k], residual);
            int kk = terms[k].ColumnCount, index = layout.Offsets[k];
            for (int c = 0; c < kk; c++)
                for (int r = c; r < kk; r++, index++)
                {
                    termOf[index] = k;
                    levelVectors[index] = DerivativeOnLevels(terms[k], templates[k], r, c, sums);
                }
        }

        // The factor's rows: first term's levels, the later terms' (TermRowOffset), then X's.
        int q0 = a.FirstLevels * a.FirstColumns, size = q0 + a.LaterRows + p;
        var termRow = new int[terms.Count];
        for (int k = 1; k < terms.Count; k++) termRow[k] = q0 + a.TermRowOffset[k];

        // u_i = Z_k v_i, so [Z X]'u_i = A[:, term k] v_i, u_i'u_j = v_i'(Z_k'u_j) and r~'u_i = v_i'(Z_k'r~): all from the
        // cross-product A, none from the n rows. rhs is size x count, row-major.
        var rhs = new double[size * count];
        var column = new double[size];
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            CrossProductTimes(a, termOf[i], levelVectors[i], column);
            for (int e = 0; e < size; e++) rhs[e * count + i] = column[e];
        }

        var gram = new double[count * count];
        var g = new double[count];
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            int k = termOf[i], first = termRow[k];
            g[i] = VectorOps.Dot(levelVectors[i], 0, residualSums[k], 0, levelVectors[i].Length);
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int e = 0; e < levelVectors[i].Length; e++) s += levelVectors[i][e] * rhs[(first + e) * count + j];
                gram[i * count + j] = s;
            }
        }

        ScaleByTemplates(terms, templates, termRow, count, rhs, cancellation);
        ForwardSolve(model.Factor, count, rhs, cancellation);

        var hessian = new double[count, count];
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int j = 0; j <= i; j++)
            {
                double explained = 0;
                for (int e = 0; e < size; e++) explained += rhs[e * count + i] * rhs[e * count + j];
                hessian[i, j] = hessian[j, i] = weight * (gram[i * count + j] - explained - g[i] * g[j] / r2);
            }
        }

        CovarianceBracket.AddPositivePart(layout, theta, gradient, hessian);
        return hessian;
    }

    /// <summary>Z_l' v per level l of the term, levels x k row-major.</summary>
    [MethodImpl(JitHints.Hot)]
    private static double[] LevelSums(RandomEffectsTerm term, double[] v)
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

    /// <summary>(E T' + T E') h_l per level for E = e_r e_c' (the template element at row r, column c) and
    /// h_l = Z_l' r~: e_r (T[:,c]'h_l) + T[:,c] h_l[r].</summary>
    private static double[] DerivativeOnLevels(RandomEffectsTerm term, double[] t, int r, int c, double[] h)
    {
        int kk = term.ColumnCount;
        var v = new double[term.LevelCount * kk];
        for (int l = 0; l < term.LevelCount; l++)
        {
            int o = l * kk;
            double column = 0;
            for (int e = c; e < kk; e++) column += t[c * kk + e] * h[o + e];
            v[o + r] += column;
            for (int e = c; e < kk; e++) v[o + e] += t[c * kk + e] * h[o + r];
        }

        return v;
    }

    /// <summary>output := A[:, term k] v over the rows of the factor but y's, A the unscaled cross-product [Z X y]'[Z X y]
    /// and v the term's levels x k values (the factor's order within the term).</summary>
    [MethodImpl(JitHints.Hot)]
    private static void CrossProductTimes(BlockedCrossProduct a, int term, double[] v, double[] output)
    {
        Array.Clear(output, 0, output.Length);
        int k0 = a.FirstColumns, q0 = a.FirstLevels * k0, qd = a.LaterRows, p = a.FixedColumns, m = a.TrailingSize;
        var sparse = a.Sparse;
        if (term == 0)
        {
            var first = a.First.Values;
            for (int level = 0; level < a.FirstLevels; level++)
            {
                int o = level * k0 * k0, x = level * k0;
                for (int c = 0; c < k0; c++)
                {
                    double value = v[x + c];
                    for (int r = 0; r < k0; r++) output[x + r] += first[o + c * k0 + r] * value;
                    if (sparse.RowCount > 0)
                    {
                        int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level], so = sparse.ColumnOffset(level, c);
                        for (int e = 0; e < nnz; e++) output[q0 + sparse.Rows[start + e]] += sparse.Values[so + e] * value;
                    }
                }
            }

            var dense = a.Dense;
            for (int t = 0; t < p; t++)
                output[q0 + qd + t] = VectorOps.Dot(dense.Values, t * dense.ColumnCount, v, 0, q0);
            return;
        }

        // A later term: its columns of the symmetric trailing matrix (later rows and X's), and of the sparse panel
        // read transposed (the first term's rows).
        int offset = a.TermRowOffset[term];
        if (a.SparseTrailing is { } shape)
            SparseTrailingTimes(shape, offset, v, output, q0);
        else
        {
            var trailing = a.DenseTrailing;
            for (int c = 0; c < v.Length; c++)
                if (v[c] != 0) VectorOps.Axpy(v[c], trailing.Values, trailing.Offset(0, offset + c), output, q0, qd + p);
        }
        if (sparse.RowCount == 0) return;
        for (int level = 0; level < a.FirstLevels; level++)
        {
            int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level];
            for (int c = 0; c < k0; c++)
            {
                int so = sparse.ColumnOffset(level, c);
                double s = 0;
                for (int e = 0; e < nnz; e++)
                {
                    int r = sparse.Rows[start + e] - offset;
                    if (r >= 0 && r < v.Length) s += sparse.Values[so + e] * v[r];
                }

                output[level * k0 + c] = s;
            }
        }
    }

    /// <summary>The sparse kind's A_TT[:, offset..offset + v.Length) v into output[q0 + row] for the later and X rows
    /// (not y's): every stored entry (i, j), i &gt;= j, serves column j at row i and, off the diagonal, column i at row j.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void SparseTrailingTimes(SparseTrailing shape, int offset, double[] v, double[] output, int q0)
    {
        var rows = shape.Pattern.RowIndices;
        var columns = shape.ColumnOfEntry;
        var values = shape.Values;
        int y = shape.Order - 1, end = offset + v.Length;
        for (int k = 0; k < values.Length; k++)
        {
            int i = rows[k], j = columns[k];
            if (i == y) continue;
            if (j >= offset && j < end) output[q0 + i] += values[k] * v[j - offset];
            if (i != j && i >= offset && i < end) output[q0 + j] += values[k] * v[i - offset];
        }
    }

    /// <summary>Z_l'u := T' Z_l'u for every level of every term, in each of the count columns of rhs.</summary>
    private static void ScaleByTemplates(IReadOnlyList<RandomEffectsTerm> terms, double[][] templates, int[] termRow, int count, double[] rhs,
        CancellationToken cancellation)
    {
        for (int k = 0; k < terms.Count; k++)
        {
            int kk = terms[k].ColumnCount;
            if (kk == 1)
            {
                double scale = templates[k][0];
                for (int e = termRow[k] * count; e < (termRow[k] + terms[k].LevelCount) * count; e++) rhs[e] *= scale;
                continue;
            }

            var t = templates[k];
            var column = new double[kk];
            for (int l = 0; l < terms[k].LevelCount; l++)
            {
                cancellation.ThrowIfCancellationRequested();
                int first = termRow[k] + l * kk;
                for (int i = 0; i < count; i++)
                {
                    for (int c = 0; c < kk; c++) column[c] = rhs[(first + c) * count + i];
                    for (int c = 0; c < kk; c++)
                    {
                        double s = 0;
                        for (int r = c; r < kk; r++) s += t[c * kk + r] * column[r];
                        rhs[(first + c) * count + i] = s;
                    }
                }
            }
        }
    }

    /// <summary>rhs := L^-1 rhs over the random-effect and fixed-effect rows of the factor (not y's), for the count
    /// columns of rhs (row-major, size x count) at once, so that the factor is read once.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void ForwardSolve(BlockedFactor f, int count, double[] w, CancellationToken cancellation)
    {
        var a = f.CrossProduct;
        int p = a.FixedColumns, qd = a.LaterRows, m = a.TrailingSize;
        int k0 = a.FirstColumns, q0 = a.FirstLevels * k0;

        // First term's blocks (a column of w with stride count is a row vector x, and x L_b^-T solves L_b y = x'),
        // then what their columns take from the later rows and from X's, then the dense part.
        for (int level = 0; level < a.FirstLevels; level++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int i = 0; i < count; i++)
                f.First.SolveRowTransposed(level, w, level * k0 * count + i, count);
        }

        var sparse = f.Sparse;
        if (sparse.RowCount > 0)
            for (int level = 0; level < a.FirstLevels; level++)
            {
                cancellation.ThrowIfCancellationRequested();
                int nnz = sparse.NonZerosIn(level), start = sparse.LevelStart[level];
                for (int c = 0; c < k0; c++)
                {
                    int source = (level * k0 + c) * count, o = sparse.ColumnOffset(level, c);
                    for (int e = 0; e < nnz; e++)
                    {
                        double value = sparse.Values[o + e];
                        int target = (q0 + sparse.Rows[start + e]) * count;
                        for (int i = 0; i < count; i++) w[target + i] -= value * w[source + i];
                    }
                }
            }

        var dense = f.Dense;
        for (int t = 0; t < p; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            int target = (q0 + qd + t) * count;
            for (int col = 0; col < q0; col++)
            {
                double value = dense.Values[t * dense.ColumnCount + col];
                for (int i = 0; i < count; i++) w[target + i] -= value * w[col * count + i];
            }
        }

        int rows = qd + p;
        if (f.SparseTrailing is { } sf)
        {
            // The supernodal factor in its order (y's row last, its right-hand side zero: no row above depends on it).
            var inverse = sf.Cholesky.Symbolic.InverseOrdering;
            var work = new double[m];
            for (int i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                Array.Clear(work, 0, m);
                for (int r = 0; r < rows; r++) work[inverse[r]] = w[(q0 + r) * count + i];
                sf.Cholesky.SolveLower(work);
                for (int r = 0; r < rows; r++) w[(q0 + r) * count + i] = work[inverse[r]];
            }
            return;
        }

        // The dense part one right-hand side at a time, so that the solve runs down the columns of L (vectorized).
        var column = new double[rows];
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < rows; r++) column[r] = w[(q0 + r) * count + i];
            DenseTriangular.SolveLower(f.Trailing, 0, m, rows, column);
            for (int r = 0; r < rows; r++) w[(q0 + r) * count + i] = column[r];
        }
    }
}
