#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
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
internal sealed unsafe class DiagonalBlockGradient
{
    /// <summary>Largest element of any template's inverse for which this path is used. The absolute error of a
    /// component is about eps sqrt(m levels) times this over the gradient's scale; at 100 it stays near 1e-10
    /// relative on InstEval and the 200,000-row crossed design (GradientPathTests), and a fit's optimum is rarely
    /// within 1e-2 of a bound without being on it (the general path takes over there).</summary>
    internal const double MaxTemplateInverse = 100.0;

    /// <summary>First-term levels per work item of the pass that finishes their blocks (the [X y] rows and I - S_ll).</summary>
    private const int LevelsPerItem = 256;

    /// <summary>Rows of U per block: 32 x m doubles (300 KB at m = 1,159) stay in L2; 32 rows are eight AVX registers.</summary>
    private const int RowBlock = 32;

    /// <summary>Rows per work item of the first term's pass (four blocks): enough items to share between the cores,
    /// few enough partial sums (one per level and item) to add up.</summary>
    private const int GroupRows = 4 * RowBlock;

    private readonly BlockedFactor _factor;
    private readonly ThetaLayout _layout;
    private readonly double[] _u;
    private readonly double[] _firstBlocks;
    private readonly double[] _partials;
    private readonly double[] _laterBlocks;
    private readonly double[][] _templates;
    private readonly double[][] _templateInverses;
    private readonly double[] _weight;
    [ThreadStatic] private static double[]? _grams;
    [ThreadStatic] private static double[]? _segment;

    public DiagonalBlockGradient(BlockedFactor factor, ThetaLayout layout)
    {
        _factor = factor;
        _layout = layout;
        var a = factor.CrossProduct;
        int m = a.TrailingSize, k0 = a.FirstColumns;
        Common.MemoryGuard.EnsureAvailable((long)m * m * sizeof(double), $"the gradient's inverse of the dense part ({m} x {m})");
        _u = new double[(long)m * m];
        _firstBlocks = new double[a.FirstLevels * k0 * k0];
        _partials = new double[(long)RowGroupCount(a.LaterRows) * a.FirstLevels * k0 * k0];
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

    /// <summary>When set, each gradient charges its sections' time here (bench only).</summary>
    internal GradientSections? Sections { get; set; }

    /// <summary>True when every template at theta is invertible with no element of its inverse above
    /// <see cref="MaxTemplateInverse"/>; the inverses are kept for the gradient.</summary>
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
    public void Compute(double fixedWeight, double responseWeight, Span<double> gradient)
    {
        int b = _factor.CrossProduct.FixedColumns + 1;
        Array.Clear(_weight, 0, _weight.Length);
        for (int t = 0; t < b; t++) _weight[t * b + t] = t < b - 1 ? fixedWeight : responseWeight;
        Compute(gradient);
    }

    /// <summary>As above with a dense (p+1) x (p+1) weight block on the [X y] rows (a fixed-effect prior; see
    /// <see cref="WeightedSelectedInverse.Compute(double[])"/>).</summary>
    [MethodImpl(JitHints.Hot)]
    public void Compute(double[] responseBlock, Span<double> gradient)
    {
        Array.Copy(responseBlock, _weight, _weight.Length);
        Compute(gradient);
    }

    [MethodImpl(JitHints.Hot)]
    private void Compute(Span<double> gradient)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize;
        var sections = Sections;
        sections?.Start();
        TriangularInverse.InvertLower(_factor.Trailing, 0, m, m, _u);
        sections?.Mark(0);
        int groups = RowGroupCount(a.LaterRows);
        bool parallel = (long)a.Sparse.Values.Length * m >= SymmetricRankUpdate.ParallelWork;
        if (a.Sparse.RowCount > 0)
            // Lower groups meet fewer pattern rows (U[r, j] = 0 for r < j): hand out the bottom ones first.
            KernelParallelism.For(groups, parallel, item => RowGroup(groups - 1 - item));
        sections?.Mark(1);
        int items = (a.FirstLevels + LevelsPerItem - 1) / LevelsPerItem;
        KernelParallelism.For(items, parallel, FinishLevels);
        sections?.Mark(2);
        LaterTermBlocks();
        sections?.Mark(3);
        gradient.Slice(0, _layout.Count).Clear();
        WriteTerm(0, FirstTermSum(), gradient);
        for (int j = 1; j < _layout.Sizes.Length; j++)
            WriteTerm(j, LaterTermSum(j), gradient);
    }

    /// <summary>Groups of row blocks of U that one work item sums over (<see cref="RowBlock"/> rows each).</summary>
    [MethodImpl(JitHints.Hot)]
    private static int RowGroupCount(int qd) => (qd + GroupRows - 1) / GroupRows;

    /// <summary>Y' Y restricted to the rows of group g (random-effect rows only, W = 1 there), for every first-term
    /// level, into _partials[g]: Y = U L[T_l, l] summed over blocks of <see cref="RowBlock"/> rows. A block of U
    /// (RowBlock x m, in L2) is read by every level before the next block; level by level, whole columns of U
    /// would stream from L3 with a miss per column (17 ms on InstEval against a few). Each group has its own
    /// partial sums, added in group order later, so the result does not depend on the threads.</summary>
    [MethodImpl(JitHints.Hot)]
    private void RowGroup(int group)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, k0 = a.FirstColumns, kk = k0 * k0, levels = a.FirstLevels;
        var sparse = _factor.Sparse;
        var segment = ThreadBuffer(ref _segment, k0 * RowBlock);
        long baseOffset = (long)group * levels * kk;
        Array.Clear(_partials, (int)baseOffset, levels * kk);
        int rowEnd = Math.Min(qd, (group + 1) * GroupRows);
        for (int r0 = group * GroupRows; r0 < rowEnd; r0 += RowBlock)
        {
            int r1 = Math.Min(rowEnd, r0 + RowBlock), rows = r1 - r0;
            for (int l = 0; l < levels; l++)
            {
                int nnz = sparse.NonZerosIn(l), start = sparse.LevelStart[l];
                // Pattern rows are ascending; U[r, j] = 0 for r < j, so rows j >= r1 add nothing here.
                if (nnz == 0 || sparse.Rows[start] >= r1) continue;
                long g = baseOffset + (long)l * kk;
                if (k0 == 1 && rows == RowBlock)
                {
                    _partials[g] += SquaredCombination(_u, m, r0, sparse.Rows, sparse.Values, start, nnz, r1);
                    continue;
                }
                Array.Clear(segment, 0, k0 * RowBlock);
                for (int e = 0; e < nnz; e++)
                {
                    int j = sparse.Rows[start + e];
                    if (j >= r1) break;
                    for (int c = 0; c < k0; c++)
                    {
                        double v = sparse.Values[sparse.ColumnOffset(l, c) + e];
                        if (v != 0.0) VectorOps.Axpy(v, _u, j * m + r0, segment, c * RowBlock, rows);
                    }
                }
                for (int c = 0; c < k0; c++)
                    for (int c2 = 0; c2 <= c; c2++)
                        _partials[g + c2 * k0 + c] += VectorOps.Dot(segment, c * RowBlock, segment, c2 * RowBlock, rows);
            }
        }
    }

    /// <summary>For each first-term level l of the item: _firstBlocks[l] = I - S_ll (k0 x k0, column-major), with
    /// S_ll = L_ll^-T (I + Y' W Y) L_ll^-1 and Y = U L[T_l, l]; so I - S_ll = (L L')^-1 T0' A_ll T0 - L^-T Y'WY L^-1.
    /// Y' W Y is the groups' partial sums (in group order) plus the [X y] rows under the weight block.</summary>
    [MethodImpl(JitHints.Hot)]
    private void FinishLevels(int item)
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, k0 = a.FirstColumns, b = a.FixedColumns + 1, kk = k0 * k0;
        var sparse = _factor.Sparse;
        var dense = _factor.Dense;
        int width = dense.ColumnCount, levels = a.FirstLevels, groups = sparse.RowCount > 0 ? RowGroupCount(qd) : 0;
        int first = item * LevelsPerItem, last = Math.Min(levels, first + LevelsPerItem);
        var grams = ThreadBuffer(ref _grams, LevelsPerItem * kk);
        var segment = ThreadBuffer(ref _segment, k0 * Math.Max(RowBlock, b));
        Array.Clear(grams, 0, grams.Length);
        for (int l = first; l < last; l++)
            for (int g = 0; g < groups; g++)
            {
                long o = ((long)g * levels + l) * kk;
                for (int i = 0; i < kk; i++) grams[(l - first) * kk + i] += _partials[o + i];
            }

        // The [X y] rows, weighted by the dense block: Y_b = U[qd.., T_l] L[T_l, l], b x k0 per level.
        for (int l = first; l < last; l++)
        {
            int nnz = sparse.RowCount > 0 ? sparse.NonZerosIn(l) : 0, start = nnz == 0 ? 0 : sparse.LevelStart[l];
            Array.Clear(segment, 0, k0 * b);
            for (int e = 0; e < nnz; e++)
            {
                int column = sparse.Rows[start + e] * m + qd;
                for (int c = 0; c < k0; c++)
                {
                    double v = sparse.Values[sparse.ColumnOffset(l, c) + e];
                    for (int t = 0; t < b; t++) segment[c * b + t] += v * _u[column + t];
                }
            }
            for (int t2 = 0; t2 < b; t2++)
            {
                int column = (qd + t2) * m + qd;
                for (int c = 0; c < k0; c++)
                {
                    double v = dense.Values[t2 * width + l * k0 + c];
                    for (int t = t2; t < b; t++) segment[c * b + t] += v * _u[column + t];
                }
            }
            int g = (l - first) * kk;
            for (int c = 0; c < k0; c++)
                for (int c2 = 0; c2 <= c; c2++)
                    grams[g + c2 * k0 + c] += WeightedBlock(segment, c * b, segment, c2 * b, b);
            for (int c = 0; c < k0; c++)
                for (int c2 = 0; c2 < c; c2++)
                    grams[g + c * k0 + c2] = grams[g + c2 * k0 + c];
        }

        Span<double> inverse = stackalloc double[kk];
        Span<double> scaled = stackalloc double[kk];
        for (int l = first; l < last; l++)
        {
            int o = l * kk, g = (l - first) * kk;
            if (k0 == 1)
            {
                // L_ll^2 = theta^2 a_ll + 1, so 1 - S_ll = (theta^2 a_ll - gram) / L_ll^2 with no cancellation.
                double t0 = _templates[0][0], lll = _factor.First.Values[l];
                _firstBlocks[l] = (t0 * t0 * a.First.Values[l] - grams[g]) / (lll * lll);
                continue;
            }
            DenseTriangular.InvertSmallLower(_factor.First.Values, o, k0, inverse);
            ScaledBlock(a.First.Values, o, k0, _templates[0], scaled);
            // Li' Li M - Li' G Li with Li = L_ll^-1 and M = T0' A_ll T0.
            for (int c = 0; c < k0; c++)
                for (int r = 0; r < k0; r++)
                {
                    double s = 0.0;
                    for (int p = 0; p < k0; p++)
                        for (int q = 0; q < k0; q++)
                        {
                            double lp = inverse[r * k0 + p]; // Li[p, r]
                            s += lp * inverse[q * k0 + p] * scaled[c * k0 + q];
                            s -= lp * grams[g + q * k0 + p] * inverse[c * k0 + q];
                        }
                    _firstBlocks[o + c * k0 + r] = s;
                }
        }
    }

    /// <summary>|| sum_e values[e] U[r0..r0+RowBlock, rows[e]] ||^2 over the entries with rows[e] &lt; r1 (ascending):
    /// the scalar first term's share of Y'Y from one row block, held in registers.</summary>
    [MethodImpl(JitHints.Hot)]
    private static unsafe double SquaredCombination(double[] u, int m, int r0, int[] rows, double[] values, int start, int nnz, int r1)
    {
        fixed (double* pu = u, pv = &values[start])
        fixed (int* pr = &rows[start])
        {
#if NET8_0_OR_GREATER
            if (Fma.IsSupported && Avx.IsSupported)
            {
                var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero; var a2 = Vector256<double>.Zero; var a3 = Vector256<double>.Zero;
                var a4 = Vector256<double>.Zero; var a5 = Vector256<double>.Zero; var a6 = Vector256<double>.Zero; var a7 = Vector256<double>.Zero;
                for (int e = 0; e < nnz; e++)
                {
                    int j = pr[e];
                    if (j >= r1) break;
                    double* p = pu + (long)j * m + r0;
                    // The next entry's segment is in another column: ask for it now, its latency hides behind this one.
                    if (e + 1 < nnz)
                    {
                        double* next = pu + (long)pr[e + 1] * m + r0;
                        Sse.Prefetch0(next); Sse.Prefetch0(next + 8); Sse.Prefetch0(next + 16); Sse.Prefetch0(next + 24); Sse.Prefetch0(next + 31);
                    }
                    var w = Vector256.Create(pv[e]);
                    a0 = Fma.MultiplyAdd(Avx.LoadVector256(p), w, a0);
                    a1 = Fma.MultiplyAdd(Avx.LoadVector256(p + 4), w, a1);
                    a2 = Fma.MultiplyAdd(Avx.LoadVector256(p + 8), w, a2);
                    a3 = Fma.MultiplyAdd(Avx.LoadVector256(p + 12), w, a3);
                    a4 = Fma.MultiplyAdd(Avx.LoadVector256(p + 16), w, a4);
                    a5 = Fma.MultiplyAdd(Avx.LoadVector256(p + 20), w, a5);
                    a6 = Fma.MultiplyAdd(Avx.LoadVector256(p + 24), w, a6);
                    a7 = Fma.MultiplyAdd(Avx.LoadVector256(p + 28), w, a7);
                }
                var s = Avx.Multiply(a0, a0);
                s = Fma.MultiplyAdd(a1, a1, s); s = Fma.MultiplyAdd(a2, a2, s); s = Fma.MultiplyAdd(a3, a3, s);
                s = Fma.MultiplyAdd(a4, a4, s); s = Fma.MultiplyAdd(a5, a5, s); s = Fma.MultiplyAdd(a6, a6, s);
                s = Fma.MultiplyAdd(a7, a7, s);
                return s.GetElement(0) + s.GetElement(1) + s.GetElement(2) + s.GetElement(3);
            }
#endif
            double* y = stackalloc double[RowBlock];
            for (int i = 0; i < RowBlock; i++) y[i] = 0.0;
            for (int e = 0; e < nnz; e++)
            {
                int j = pr[e];
                if (j >= r1) break;
                double* p = pu + (long)j * m + r0;
                double w = pv[e];
                for (int i = 0; i < RowBlock; i++) y[i] += w * p[i];
            }
            double total = 0.0;
            for (int i = 0; i < RowBlock; i++) total += y[i] * y[i];
            return total;
        }
    }

    /// <summary>x' W_b y for two b-vectors.</summary>
    [MethodImpl(JitHints.Hot)]
    private double WeightedBlock(double[] x, int xo, double[] y, int yo, int b)
    {
        double s = 0.0;
        for (int t = 0; t < b; t++)
        {
            double xt = x[xo + t];
            if (xt == 0.0) continue;
            for (int u = 0; u < b; u++)
                s += xt * _weight[u * b + t] * y[yo + u];
        }
        return s;
    }

    [MethodImpl(JitHints.Hot)]
    private static double[] ThreadBuffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }

    /// <summary>M = T' A_ll T for a k x k block of A (column-major at values[o]) and the lower template T.</summary>
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
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
    [MethodImpl(JitHints.Hot)]
    private void WriteTerm(int term, double[] sum, Span<double> gradient)
    {
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
