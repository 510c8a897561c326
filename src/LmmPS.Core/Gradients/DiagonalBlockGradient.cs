using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Gradients;

/// <summary>The gradient of the profiled objective from the diagonal level blocks of S = L^-T W L^-1 alone, for a
/// theta at which every template T_k is comfortably invertible (docs/gradient.md, "Diagonal blocks").
/// With Lambda~ = diag(Lambda, I) and Omega = Lambda~' A Lambda~ + diag(I, 0): Lambda~' A dLambda~ =
/// (Omega - diag(I, 0)) Lambda~^-1 dLambda~, and the level blocks of S Omega = L^-T W L' on random-effect rows are
/// identity (W is 1 there), so
///   d f / d theta_(r,c) of term k = 2 [ (sum over levels l of (I - S_ll)) T_k^-1 ]_(c,r).
/// S_ll needs only columns of L^-1: U = L_T^-1 for the dense part (a later term's level block is a Gram block of
/// U's columns), and for a first-term level U L[T_l, l] L_ll^-1. So the gradient costs one triangular inverse
/// and a pass over the first term's block column, where the general path (<see cref="WeightedSelectedInverse"/>)
/// also forms S on the whole dense pattern (a second m^3/3) and gathers from it level by level.
/// The price is cancellation: I - S_ll is small when T_k is, and T_k^-1 is large, so the path is used only where
/// every template's inverse is bounded (<see cref="Applies"/>). For the first term I - S_ll is formed without
/// cancellation from T0' A_ll T0 (Omega_ll = T0' A_ll T0 + I).</summary>
internal sealed class DiagonalBlockGradient
{
    /// <summary>Largest element of any template's inverse for which this path is used. The absolute error of a
    /// component is about eps sqrt(m levels) times this over the gradient's scale; at 100 it stays near 1e-10
    /// relative on InstEval and the 200,000-row crossed design (GradientPathTests), and a fit's optimum is rarely
    /// within 1e-2 of a bound without being on it (the general path takes over there).</summary>
    internal const double MaxTemplateInverse = 100.0;

    private const int LevelsPerItem = 32;

    private readonly BlockedFactor _factor;
    private readonly ThetaLayout _layout;
    private readonly double[] _u;
    private readonly double[] _firstBlocks;
    private readonly double[] _laterBlocks;
    private readonly double[][] _templates;
    private readonly double[][] _templateInverses;
    private readonly double[] _weight;
    [ThreadStatic] private static double[]? _y;

    public DiagonalBlockGradient(BlockedFactor factor, ThetaLayout layout)
    {
        _factor = factor;
        _layout = layout;
        var a = factor.CrossProduct;
        int m = a.TrailingSize, k0 = a.FirstColumns;
        Common.MemoryGuard.EnsureAvailable((long)m * m * sizeof(double), $"the gradient's inverse of the dense part ({m} x {m})");
        _u = new double[(long)m * m];
        _firstBlocks = new double[a.FirstLevels * k0 * k0];
        int widest = 1;
        for (int j = 1; j < layout.Sizes.Length; j++) widest = Math.Max(widest, layout.Sizes[j]);
        _laterBlocks = new double[a.LaterRows * widest];
        _templates = new double[layout.Sizes.Length][];
        _templateInverses = new double[layout.Sizes.Length][];
        for (int j = 0; j < layout.Sizes.Length; j++)
        {
            _templates[j] = new double[layout.Sizes[j] * layout.Sizes[j]];
            _templateInverses[j] = new double[layout.Sizes[j] * layout.Sizes[j]];
        }
        int b = a.FixedColumns + 1;
        _weight = new double[b * b];
    }

    /// <summary>True when every template at theta is invertible with no element of its inverse above
    /// <see cref="MaxTemplateInverse"/>; the inverses are kept for the gradient.</summary>
    public bool Applies(ReadOnlySpan<double> theta)
    {
        for (int j = 0; j < _layout.Sizes.Length; j++)
        {
            int k = _layout.Sizes[j];
            var t = _templates[j];
            _layout.FillTemplate(theta, j, t);
            for (int c = 0; c < k; c++)
                if (!(Math.Abs(t[c * k + c]) * MaxTemplateInverse >= 1.0)) return false;
            var inverse = _templateInverses[j];
            DenseTriangular.InvertSmallLower(t, 0, k, inverse);
            foreach (double v in inverse)
                if (!(Math.Abs(v) <= MaxTemplateInverse)) return false;
        }
        return true;
    }

    /// <summary>Writes d f / d theta with the weights W = diag(fixedWeight on X rows, responseWeight on the y row),
    /// 1 on random-effect rows. <see cref="Applies"/> must have returned true for this theta.</summary>
    public void Compute(double fixedWeight, double responseWeight, Span<double> gradient)
    {
        int b = _factor.CrossProduct.FixedColumns + 1;
        Array.Clear(_weight, 0, _weight.Length);
        for (int t = 0; t < b; t++) _weight[t * b + t] = t < b - 1 ? fixedWeight : responseWeight;
        Compute(gradient);
    }

    /// <summary>As above with a dense (p+1) x (p+1) weight block on the [X y] rows (a fixed-effect prior; see
    /// <see cref="WeightedSelectedInverse.Compute(double[])"/>).</summary>
    public void Compute(double[] responseBlock, Span<double> gradient)
    {
        Array.Copy(responseBlock, _weight, _weight.Length);
        Compute(gradient);
    }

    private void Compute(Span<double> gradient)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize;
        TriangularInverse.InvertLower(_factor.Trailing, 0, m, m, _u);
        int items = (a.FirstLevels + LevelsPerItem - 1) / LevelsPerItem;
        KernelParallelism.For(items, (long)a.Sparse.Values.Length * m >= SymmetricRankUpdate.ParallelWork, FirstTermLevels);
        LaterTermBlocks();
        gradient.Slice(0, _layout.Count).Clear();
        WriteTerm(0, a.FirstLevels, FirstTermSum(), gradient);
        for (int j = 1; j < _layout.Sizes.Length; j++)
        {
            int k = _layout.Sizes[j];
            int rows = (j + 1 < _layout.Sizes.Length ? a.TermRowOffset[j + 1] : a.LaterRows) - a.TermRowOffset[j];
            WriteTerm(j, rows / k, LaterTermSum(j), gradient);
        }
    }

    /// <summary>For each first-term level l of the item: _firstBlocks[l] = I - S_ll (k0 x k0, column-major), with
    /// S_ll = L_ll^-T (I + Y' W Y) L_ll^-1 and Y = U L[T_l, l]; so I - S_ll = (L L')^-1 T0' A_ll T0 - L^-T Y'WY L^-1.</summary>
    private void FirstTermLevels(int item)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, k0 = a.FirstColumns, b = a.FixedColumns + 1, kk = k0 * k0;
        var sparse = _factor.Sparse;
        var dense = _factor.Dense;
        int width = dense.ColumnCount;
        var y = _y is { } kept && kept.Length >= k0 * m ? kept : (_y = new double[k0 * m]);
        Span<double> gram = stackalloc double[kk];
        Span<double> inverse = stackalloc double[kk];
        Span<double> scaled = stackalloc double[kk];
        int first = item * LevelsPerItem, last = Math.Min(a.FirstLevels, first + LevelsPerItem);
        for (int l = first; l < last; l++)
        {
            int nnz = sparse.RowCount > 0 ? sparse.NonZerosIn(l) : 0;
            int start = nnz == 0 ? 0 : sparse.LevelStart[l];
            int top = qd;
            for (int e = 0; e < nnz; e++) top = Math.Min(top, sparse.Rows[start + e]);
            int length = m - top;
            for (int c = 0; c < k0; c++) Array.Clear(y, c * m + top, length);
            // Y[:, c] = sum over pattern rows j of L[j, (l, c)] U[:, j]; U[:, j] is zero above row j.
            for (int e = 0; e < nnz; e++)
            {
                int j = sparse.Rows[start + e];
                for (int c = 0; c < k0; c++)
                {
                    double v = sparse.Values[sparse.ColumnOffset(l, c) + e];
                    if (v != 0.0) VectorOps.Axpy(v, _u, j * m + j, y, c * m + j, m - j);
                }
            }
            for (int t = 0; t < b; t++)
            {
                int j = qd + t;
                for (int c = 0; c < k0; c++)
                {
                    double v = dense.Values[t * width + l * k0 + c];
                    if (v != 0.0) VectorOps.Axpy(v, _u, j * m + j, y, c * m + j, m - j);
                }
            }
            for (int c = 0; c < k0; c++)
                for (int c2 = 0; c2 <= c; c2++)
                    gram[c2 * k0 + c] = gram[c * k0 + c2] = WeightedDot(y, c * m, y, c2 * m, top, m, qd, b);

            int o = l * kk;
            if (k0 == 1)
            {
                // L_ll^2 = theta^2 a_ll + 1, so 1 - S_ll = (theta^2 a_ll - gram) / L_ll^2 with no cancellation.
                double t0 = _templates[0][0], lll = _factor.First.Values[l];
                _firstBlocks[l] = (t0 * t0 * a.First.Values[l] - gram[0]) / (lll * lll);
                continue;
            }
            DenseTriangular.InvertSmallLower(_factor.First.Values, o, k0, inverse);
            ScaledBlock(a.First.Values, o, k0, _templates[0], scaled);
            // _firstBlocks[l] = Li' (Li M - G Li') ... written out: Li' Li M - Li' G Li, with Li = L_ll^-1.
            for (int c = 0; c < k0; c++)
                for (int r = 0; r < k0; r++)
                {
                    double s = 0.0;
                    for (int p = 0; p < k0; p++)
                        for (int q = 0; q < k0; q++)
                        {
                            double lp = inverse[r * k0 + p]; // Li[p, r] = (Li')[r, p]
                            s += lp * inverse[q * k0 + p] * scaled[c * k0 + q];
                            s -= lp * gram[q * k0 + p] * inverse[c * k0 + q];
                        }
                    _firstBlocks[o + c * k0 + r] = s;
                }
        }
    }

    /// <summary>M = T' A_ll T for a k x k block of A (column-major at values[o]) and the lower template T.</summary>
    private static void ScaledBlock(double[] values, int o, int k, double[] template, Span<double> result)
    {
        for (int c = 0; c < k; c++)
            for (int r = 0; r < k; r++)
            {
                double s = 0.0;
                for (int p = r; p < k; p++)
                    for (int q = c; q < k; q++)
                        s += template[r * k + p] * values[o + q * k + p] * template[c * k + q];
                result[c * k + r] = s;
            }
    }

    /// <summary>For each later-term level block at trailing rows row0..row0+k-1: _laterBlocks[(row0 + c) * w + r] =
    /// (U' W U)[row0 + c, row0 + r], a Gram block of U's columns.</summary>
    private void LaterTermBlocks()
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, b = a.FixedColumns + 1, w = _laterBlocks.Length / Math.Max(1, qd);
        var scaling = a.Scaling;
        for (int row0 = 0; row0 < qd;)
        {
            int k = scaling.TermSizes[scaling.TermOfRow[row0]];
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                {
                    int i = row0 + c, i2 = row0 + r;
                    _laterBlocks[i * w + r] = WeightedDot(_u, i * m, _u, i2 * m, Math.Max(i, i2), m, qd, b);
                }
            row0 += k;
        }
    }

    /// <summary>x' W y over rows from..m-1 of two m-vectors, W = 1 on rows below qd and the weight block on the
    /// b rows from qd.</summary>
    private double WeightedDot(double[] x, int xo, double[] y, int yo, int from, int m, int qd, int b)
    {
        double s = from < qd ? VectorOps.Dot(x, xo + from, y, yo + from, qd - from) : 0.0;
        for (int t = 0; t < b; t++)
        {
            double xt = x[xo + qd + t];
            if (xt == 0.0) continue;
            for (int u = 0; u < b; u++)
                s += xt * _weight[u * b + t] * y[yo + qd + u];
        }
        return s;
    }

    /// <summary>sum over first-term levels of I - S_ll, in level order (the same whatever the threads).</summary>
    private double[] FirstTermSum()
    {
        int k0 = _factor.CrossProduct.FirstColumns, kk = k0 * k0;
        var total = new double[kk];
        for (int l = 0; l < _factor.CrossProduct.FirstLevels; l++)
            for (int i = 0; i < kk; i++)
                total[i] += _firstBlocks[l * kk + i];
        return total;
    }

    /// <summary>sum over the levels of later term j of I - S_ll.</summary>
    private double[] LaterTermSum(int j)
    {
        var a = _factor.CrossProduct;
        int k = _layout.Sizes[j], qd = a.LaterRows, w = _laterBlocks.Length / Math.Max(1, qd);
        int rows = (j + 1 < _layout.Sizes.Length ? a.TermRowOffset[j + 1] : qd) - a.TermRowOffset[j];
        var total = new double[k * k];
        for (int row0 = a.TermRowOffset[j]; row0 < a.TermRowOffset[j] + rows; row0 += k)
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                    total[c * k + r] += (r == c ? 1.0 : 0.0) - _laterBlocks[(row0 + c) * w + r];
        return total;
    }

    /// <summary>gradient[theta of (r, c)] = 2 [D T^-1](c, r) with D = sum over levels of I - S_ll (column-major).</summary>
    private void WriteTerm(int term, int levels, double[] sum, Span<double> gradient)
    {
        _ = levels;
        int k = _layout.Sizes[term], idx = _layout.Offsets[term];
        var inverse = _templateInverses[term];
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
            {
                double s = 0.0;
                for (int p = 0; p < k; p++)
                    s += sum[p * k + c] * inverse[r * k + p]; // D[c, p] T^-1[p, r]
                gradient[idx++] = 2.0 * s;
            }
    }
}
