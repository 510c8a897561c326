#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The diagonal level blocks of S = L^-T W L^-1 for W = I on random-effect rows and a (p+1) x (p+1) block on
/// the [X y] rows, from columns of L^-1 only: U = L_T^-1 for the dense part (a later term's level block of S is a
/// Gram block of U's columns, <see cref="LaterBlocks"/>), and for a first-term level l, with Y = U L[T_l, l],
/// S_ll = L_ll^-T (I + Y'WY) L_ll^-1 (<see cref="FirstGrams"/> holds Y'WY). The gradient away from the boundary
/// (Gradients/DiagonalBlockGradient, docs/gradient.md) and the conditional variances (W = 0) both need exactly these.
/// Cost: one triangular inverse (m^3/3 flops) and sum over levels and pattern rows j of (q_D - j) multiply-adds for
/// the first term, read in row blocks of U that fit L2; no random gathers from an m x m matrix.</summary>
internal sealed unsafe class InverseLevelBlocks
{
    /// <summary>First-term levels per work item of the pass that adds the [X y] rows.</summary>
    private const int LevelsPerItem = 256;

    /// <summary>Rows of U per block: 32 x m doubles (300 KB at m = 1,159) stay in L2; 32 rows are eight AVX registers.
    /// (16-row blocks for a larger m were measured slower: the pass is bound by the random column reads per entry.)</summary>
    private const int RowBlock = 32;

    /// <summary>Rows per work item of the first term's pass (four blocks): enough items to share between the cores,
    /// few enough partial sums (one per level and item) to add up.</summary>
    private const int GroupRows = 4 * RowBlock;

    private readonly BlockedFactor _factor;
    private readonly TrailingMatrix _u;
    private readonly double[] _partials;
    private readonly double[] _weight;
    private long _inverseVersion = -1;
    /// <summary>The factor's <see cref="BlockedFactor.ResponseFreeVersion"/> that U's rows above y's, and the groups' partial
    /// sums of Y'Y (random-effect rows only), belong to; -1 for none.</summary>
    private long _inverseResponseFree = -1;
    private long _partialsResponseFree = -1;
    [ThreadStatic] private static double[]? _segment;

    public InverseLevelBlocks(BlockedFactor factor, string purpose)
    {
        factor.RequireDense("The inverse's level blocks (" + purpose + ")");
        _factor = factor;
        var a = factor.CrossProduct;
        int m = a.TrailingSize, k0 = a.FirstColumns;
        MemoryGuard.EnsureAvailable((long)m * m * sizeof(double), $"{purpose}: the inverse of the dense part ({m} x {m})");
        _u = TrailingMatrix.Allocate(m, a.LaterRows);
        FirstGrams = new double[a.FirstLevels * k0 * k0];
        _partials = new double[(long)RowGroupCount(a.LaterRows) * a.FirstLevels * k0 * k0];
        LaterWidth = 1;
        for (int j = 0; j < a.TermSizes.Length; j++) LaterWidth = Math.Max(LaterWidth, a.TermSizes[j]);
        LaterBlocks = new double[a.LaterRows * LaterWidth];
        int b = a.FixedColumns + 1;
        _weight = new double[b * b];
    }

    /// <summary>Y'WY per first-term level: k0 x k0 column-major at l*k0*k0, both triangles.</summary>
    public double[] FirstGrams { get; }

    /// <summary>(U'WU)[row0 + c, row0 + r] at LaterBlocks[(row0 + c) * LaterWidth + r] for each later-term level
    /// block at trailing rows row0..row0+k-1.</summary>
    public double[] LaterBlocks { get; }

    public int LaterWidth { get; }

    /// <summary>U = L_T^-1 when it was formed from the factor as it stands (same update), else null: a reader that
    /// needs L_T^-1 at the factor's theta (the Satterthwaite blocks after a fit, whose gradient at the optimum and
    /// conditional variances formed it) takes it instead of inverting again.</summary>
    public TrailingMatrix? CurrentInverse => _factor.State.Factored && _inverseVersion == _factor.Version ? _u : null;

    /// <summary>Hands U's array to a reader as scratch, its contents L_T^-1 of the factor as it stands if
    /// <see cref="CurrentInverse"/> was not null (null is returned otherwise, and nothing is lent). From this call on
    /// U counts as never formed (it is inverted in full at the next use), so the reader may overwrite it; it must not
    /// keep the array past its own call.</summary>
    public double[]? LendCurrentInverse()
    {
        if (CurrentInverse is null) return null;
        _inverseVersion = -1;
        _inverseResponseFree = -1;
        return _u.Values;
    }

    /// <summary>When set, each computation charges its sections' time here (bench only).</summary>
    internal SectionTimer? Sections { get; set; }

    /// <summary>The sections <see cref="Sections"/> times, in the order of their marks.</summary>
    internal static readonly string[] SectionNames = { "triangular_inverse", "first_term_rows", "first_term_finish", "later_terms" };

    /// <summary>Forms the blocks from the factor as it stands, with W = I on random-effect rows and
    /// <paramref name="weightBlock"/> ((p+1) x (p+1), column-major; may be indefinite or 0) on the [X y] rows.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Compute(double[] weightBlock)
    {
        _factor.CheckHeld();
        Array.Copy(weightBlock, _weight, _weight.Length);
        var a = _factor.CrossProduct;
        int m = a.TrailingSize;
        var sections = Sections;
        sections?.Start();
        PrepareResponseFree(sections);
        bool parallel = (long)m * a.Sparse.Values.Length >= SymmetricRankUpdate.ParallelWork;
        int items = (a.FirstLevels + LevelsPerItem - 1) / LevelsPerItem;
        KernelParallelism.For(items, _factor.Kernels.Threads(parallel), FinishLevels, _factor.Cancellation);
        sections?.Mark(2);
        LaterTermBlocks();
        sections?.Mark(3);
    }

    /// <summary>U = L_T^-1 and the groups' partial sums of Y'Y for the factor as it stands: everything of
    /// <see cref="Compute"/> that no weight block enters. The gradient at the optimum and the conditional variances after
    /// it share one inverse of the same factor; after only y's row of L changed (<see cref="BlockedFactor.ReturnTo"/>)
    /// only U's last row is formed again and the partial sums, over random-effect rows, are kept.</summary>
    [MethodImpl(JitHints.Hot)]
    public void PrepareResponseFree() => PrepareResponseFree(null);

    /// <summary><see cref="PrepareResponseFree()"/>, charging the inverse and the partial sums to
    /// <paramref name="sections"/> (when timed: sections 0 and 1).</summary>
    [MethodImpl(JitHints.Hot)]
    private void PrepareResponseFree(SectionTimer? sections)
    {
        _factor.CheckHeld();
        var a = _factor.CrossProduct;
        int m = a.TrailingSize;
        long responseFree = _factor.ResponseFreeVersion;
        if (_inverseVersion != _factor.Version)
        {
            if (_inverseResponseFree == responseFree)
            {
                InvertResponseRow();
            }
            else
            {
                _inverseResponseFree = -1;
                TriangularInverse.InvertLower(_factor.Trailing, 0, m, m, _u.Values, _factor.Kernels.MaxThreads, _factor.Cancellation);
                _inverseResponseFree = responseFree;
            }
            _inverseVersion = _factor.Version;
        }
        sections?.Mark(0);
        if (_partialsResponseFree != responseFree)
            FormPartials(responseFree, m);
        sections?.Mark(1);
    }

    private void FormPartials(long responseFree, int m)
    {
        var a = _factor.CrossProduct;
        _partialsResponseFree = -1;
        int groups = RowGroupCount(a.LaterRows);
        bool parallel = (long)m * a.Sparse.Values.Length >= SymmetricRankUpdate.ParallelWork;
        if (a.Sparse.RowCount > 0)
            // Lower groups meet fewer pattern rows (U[r, j] = 0 for r < j): hand out the bottom ones first.
            KernelParallelism.For(groups, _factor.Kernels.Threads(parallel), item => RowGroup(groups - 1 - item), _factor.Cancellation);
        _partialsResponseFree = responseFree;
    }

    /// <summary>U's last row from its other rows, which the factor's rows above y's determine: with L_T = [L11 0; l' l_yy],
    /// u' L_T = e_m' gives u_m = 1 / l_yy and u[0..m-2]' = -u_m l' U11 (a dot product down each column of U11).</summary>
    [MethodImpl(JitHints.Hot)]
    private void InvertResponseRow()
    {
        int m = _u.Size;
        var l = _factor.DenseTrailing;
        var y = new double[m - 1];
        for (int j = 0; j < m - 1; j++) y[j] = l[m - 1, j];
        double inverse = 1.0 / l.Diagonal(m - 1);
        for (int j = 0; j < m - 1; j++)
            _u[m - 1, j] = -inverse * VectorOps.Dot(y, j, _u.Values, _u.Offset(j, j), m - 1 - j);
        _u[m - 1, m - 1] = inverse;
    }

    /// <summary>A copy of U and the partial sums (current for the factor: <see cref="PrepareResponseFree()"/>), to put back
    /// after the factor returns to the snapshot taken with them (<see cref="Restore"/>).</summary>
    public Saved Save()
    {
        PrepareResponseFree();
        return new Saved((double[])_u.Values.Clone(), (double[])_partials.Clone(), _inverseResponseFree);
    }

    /// <summary>Puts back what <see cref="Save"/> copied when the factor's rows above y's are those it was saved with
    /// again (<see cref="BlockedFactor.ReturnTo"/>); U's last row is formed again on the next use.</summary>
    public void Restore(Saved saved)
    {
        if (saved.ResponseFreeVersion != _factor.ResponseFreeVersion)
            throw new StaleFactorException("The saved inverse belongs to another factor than the one held: return the factor to its snapshot first.");
        if (_inverseResponseFree != saved.ResponseFreeVersion)
        {
            _inverseResponseFree = -1;
            _inverseVersion = -1;
            Array.Copy(saved.Inverse, _u.Values, saved.Inverse.Length);
            _inverseResponseFree = saved.ResponseFreeVersion;
        }
        if (_partialsResponseFree != saved.ResponseFreeVersion)
        {
            _partialsResponseFree = -1;
            Array.Copy(saved.Partials, _partials, saved.Partials.Length);
            _partialsResponseFree = saved.ResponseFreeVersion;
        }
    }

    /// <summary>U and the partial sums at one <see cref="BlockedFactor.ResponseFreeVersion"/>.</summary>
    internal sealed record Saved(double[] Inverse, double[] Partials, long ResponseFreeVersion);

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
        int qd = a.LaterRows, k0 = a.FirstColumns, kk = k0 * k0, levels = a.FirstLevels;
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
                    _partials[g] += SquaredCombination(_u, r0, sparse.Rows, sparse.Values, start, nnz, r1);
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
                        if (v != 0.0) VectorOps.Axpy(v, _u.Values, _u.Offset(r0, j), segment, c * RowBlock, rows);
                    }
                }
                for (int c = 0; c < k0; c++)
                    for (int c2 = 0; c2 <= c; c2++)
                        _partials[g + c2 * k0 + c] += VectorOps.Dot(segment, c * RowBlock, segment, c2 * RowBlock, rows);
            }
        }
    }

    /// <summary>For each first-term level l of the item: FirstGrams[l] = Y' W Y (k0 x k0, both triangles) with
    /// Y = U L[T_l, l]: the groups' partial sums (in group order) plus the [X y] rows under the weight block.</summary>
    [MethodImpl(JitHints.Hot)]
    private void FinishLevels(int item)
    {
        var a = _factor.CrossProduct;
        int qd = a.LaterRows, k0 = a.FirstColumns, b = a.FixedColumns + 1, kk = k0 * k0;
        var u = _u.Values;
        var sparse = _factor.Sparse;
        var dense = _factor.Dense;
        int width = dense.ColumnCount, levels = a.FirstLevels, groups = sparse.RowCount > 0 ? RowGroupCount(qd) : 0;
        int first = item * LevelsPerItem, last = Math.Min(levels, first + LevelsPerItem);
        var grams = FirstGrams;
        var segment = ThreadBuffer(ref _segment, k0 * Math.Max(RowBlock, b));
        Array.Clear(grams, first * kk, (last - first) * kk);
        for (int l = first; l < last; l++)
            for (int g = 0; g < groups; g++)
            {
                long o = ((long)g * levels + l) * kk;
                for (int i = 0; i < kk; i++) grams[l * kk + i] += _partials[o + i];
            }

        // The [X y] rows, weighted by the dense block: Y_b = U[qd.., T_l] L[T_l, l], b x k0 per level.
        for (int l = first; l < last; l++)
        {
            int nnz = sparse.RowCount > 0 ? sparse.NonZerosIn(l) : 0, start = nnz == 0 ? 0 : sparse.LevelStart[l];
            Array.Clear(segment, 0, k0 * b);
            for (int e = 0; e < nnz; e++)
            {
                int column = _u.BorderOffset(sparse.Rows[start + e]);
                for (int c = 0; c < k0; c++)
                {
                    double v = sparse.Values[sparse.ColumnOffset(l, c) + e];
                    for (int t = 0; t < b; t++) segment[c * b + t] += v * u[column + t];
                }
            }
            for (int t2 = 0; t2 < b; t2++)
            {
                int column = _u.BorderOffset(qd + t2);
                for (int c = 0; c < k0; c++)
                {
                    double v = dense.Values[t2 * width + l * k0 + c];
                    for (int t = t2; t < b; t++) segment[c * b + t] += v * u[column + t];
                }
            }
            int g = l * kk;
            for (int c = 0; c < k0; c++)
                for (int c2 = 0; c2 <= c; c2++)
                    grams[g + c2 * k0 + c] += WeightedBlock(segment, c * b, segment, c2 * b, b);
            for (int c = 0; c < k0; c++)
                for (int c2 = 0; c2 < c; c2++)
                    grams[g + c * k0 + c2] = grams[g + c2 * k0 + c];
        }
    }

    /// <summary>|| sum_e values[e] U[r0..r0+RowBlock, rows[e]] ||^2 over the entries with rows[e] &lt; r1 (ascending):
    /// the scalar first term's share of Y'Y from one row block. The combination is GatherCombination's register-held
    /// sum; its squares are added lane by lane in the same order as when the sum stayed in registers.</summary>
    [MethodImpl(JitHints.Hot)]
    private static unsafe double SquaredCombination(TrailingMatrix u, int r0, int[] rows, double[] values, int start, int nnz, int r1)
    {
        int count = 0;
        while (count < nnz && rows[start + count] < r1) count++;
        var y = ThreadBuffer(ref _combination, RowBlock);
        GatherCombination.Combine(u.Values, u.Size, r0, RowBlock, rows, values, start, count, y, 0);
        fixed (double* py = y)
        {
#if NET8_0_OR_GREATER
            if (Fma.IsSupported && Avx.IsSupported)
            {
                var a = Avx.LoadVector256(py);
                var s = Avx.Multiply(a, a);
                for (int o = 4; o < RowBlock; o += 4)
                {
                    a = Avx.LoadVector256(py + o);
                    s = Fma.MultiplyAdd(a, a, s);
                }
                return s.GetElement(0) + s.GetElement(1) + s.GetElement(2) + s.GetElement(3);
            }
#endif
            double total = 0.0;
            for (int i = 0; i < RowBlock; i++) total += py[i] * py[i];
            return total;
        }
    }

    [ThreadStatic] private static double[]? _combination;

    /// <summary>s + x' W_b y for two b-vectors (added term by term onto s).</summary>
    [MethodImpl(JitHints.Hot)]
    private double WeightedBlock(double[] x, int xo, double[] y, int yo, int b, double s = 0.0)
    {
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

    /// <summary>For each later-term level block at trailing rows row0..row0+k-1: LaterBlocks[(row0 + c) * w + r] =
    /// (U' W U)[row0 + c, row0 + r], a Gram block of U's columns.</summary>
    [MethodImpl(JitHints.Hot)]
    private void LaterTermBlocks()
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, b = a.FixedColumns + 1, w = LaterWidth;
        var scaling = _factor.Scaling;
        for (int row0 = 0; row0 < qd;)
        {
            int k = scaling.TermSizes[scaling.TermOfRow[row0]];
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                {
                    int i = row0 + c, i2 = row0 + r;
                    LaterBlocks[i * w + r] = WeightedDot(_u.Values, _u.Offset(0, i), _u.Values, _u.Offset(0, i2), Math.Max(i, i2), m, qd, b);
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
        return WeightedBlock(x, xo + qd, y, yo + qd, b, s);
    }

}
