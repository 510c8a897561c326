using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>The gradient of the profiled deviance (ML) or REML criterion with respect to theta from the current factor
/// (docs/gradient.md). With Omega = Lambda' A Lambda + diag(I, 0) = L L' and f = sum_i w_i 2 log L_ii + const,
/// df = &lt;S, dOmega&gt; with S = L^-T W L^-1, so
///   d f / d theta_j = 2 tr(S Lambda' A E_j) = 2 sum over levels l of (S Lambda' A)[(l, c), (l, r)]
/// for theta_j the template element (r, c) of a term. Only diagonal level blocks of S Lambda' A are needed; each is
/// S's rows of that level times the columns of Lambda' A of that level, and A's columns are sparse in exactly the
/// pattern S is known on. Working from the blocks of A (not from the data rows) keeps the cost independent of the
/// number of observations, like the objective's.</summary>
internal sealed class ProfiledDevianceGradient
{
    private readonly BlockedFactor _factor;
    private readonly ThetaLayout _layout;
    private WeightedSelectedInverse? _general;
    private DiagonalBlockGradient? _diagonal;
    private readonly double[] _firstTemplate;
    private readonly double[] _laterBlocks;
    private readonly int _laterWidth;
    private readonly double[] _column;
    private readonly double[] _scaled;
    private readonly int[] _identityRows;

    private readonly Func<InverseLevelBlocks> _levelBlocks;

    /// <param name="factor">The model's factor, current at the theta of each Compute.</param>
    /// <param name="layout">Where each term's template lives in theta.</param>
    /// <param name="levelBlocks">The model's shared <see cref="InverseLevelBlocks"/>, asked for only when the
    /// diagonal-block path is first used.</param>
    public ProfiledDevianceGradient(BlockedFactor factor, ThetaLayout layout, Func<InverseLevelBlocks> levelBlocks)
    {
        factor.RequireDense("The analytic gradient");
        _levelBlocks = levelBlocks;
        _factor = factor;
        _layout = layout;
        var a = factor.CrossProduct;
        int k0 = a.FirstColumns, m = a.TrailingSize;
        _firstTemplate = new double[k0 * k0];
        _laterWidth = 1;
        for (int j = 1; j < layout.Sizes.Length; j++)
            _laterWidth = Math.Max(_laterWidth, layout.Sizes[j]);
        _laterBlocks = new double[a.LaterRows * _laterWidth];
        int widest = 0;
        for (int l = 0; l < a.FirstLevels; l++)
            widest = Math.Max(widest, factor.Sparse.NonZerosIn(l));
        _column = new double[Math.Max(m, widest * k0)];
        _scaled = new double[Math.Max(m, widest * k0)];
        _identityRows = new int[m];
        for (int i = 0; i < m; i++) _identityRows[i] = i;
    }

    /// <summary>Which computation the next <c>Compute</c> uses; <see cref="GradientPath.Automatic"/> takes the
    /// diagonal-block one wherever it applies. The others are for tests and the bench.</summary>
    internal GradientPath Path { get; set; } = GradientPath.Automatic;

    /// <summary>The computation the last <c>Compute</c> used.</summary>
    internal GradientPath LastPath { get; private set; }

    private WeightedSelectedInverse General => _general ??= new WeightedSelectedInverse(_factor);

    /// <summary>The diagonal-block path when it may be used at theta (and is not ruled out by <see cref="Path"/>).</summary>
    private DiagonalBlockGradient? DiagonalFor(ReadOnlySpan<double> theta)
    {
        if (Path == GradientPath.General) return null;
        _diagonal ??= new DiagonalBlockGradient(_factor, _layout, _levelBlocks());
        if (_diagonal.Applies(theta)) return _diagonal;
        if (Path == GradientPath.DiagonalBlocks)
            throw new InvalidOperationException("The diagonal-block gradient does not apply at this theta (a template is nearly singular).");
        return null;
    }

    /// <summary>Writes d f / d theta into <paramref name="gradient"/>, f the criterion's objective. The factor must
    /// hold theta (checked).</summary>
    public void Compute(ReadOnlySpan<double> theta, ProfiledCriterion criterion, Span<double> gradient)
    {
        _factor.CheckAt(theta);
        double fixedWeight = criterion.LogDetLXWeight, responseWeight = criterion.ResponseWeight;
        if (DiagonalFor(theta) is { } diagonal)
        {
            diagonal.Compute(fixedWeight, responseWeight, gradient);
            LastPath = GradientPath.DiagonalBlocks;
            return;
        }
        General.Compute(fixedWeight, responseWeight);
        Assemble(theta, gradient);
        LastPath = GradientPath.General;
    }

    /// <summary>d f / d theta for f = sum over random-effect rows of 2 log L_ii + g(C), C = B B' the Schur complement of
    /// the [X y] block: the weight on those rows is the dense <paramref name="responseBlock"/> = B' (dg/dC) B
    /// ((p+1) x (p+1), column-major) instead of a diagonal (a fixed-effect prior's objective, Priors/PriorGradient).
    /// The factor must hold theta (checked).</summary>
    public void Compute(ReadOnlySpan<double> theta, double[] responseBlock, Span<double> gradient)
    {
        _factor.CheckAt(theta);
        if (DiagonalFor(theta) is { } diagonal)
        {
            diagonal.Compute(responseBlock, gradient);
            LastPath = GradientPath.DiagonalBlocks;
            return;
        }
        General.Compute(responseBlock);
        Assemble(theta, gradient);
        LastPath = GradientPath.General;
    }

    /// <summary>Reads the gradient off the weighted inverse just formed.</summary>
    private void Assemble(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        gradient.Slice(0, _layout.Count).Clear();
        _layout.FillTemplate(theta, 0, _firstTemplate);
        AddFirstTerm(gradient);
        if (_factor.CrossProduct.LaterRows > 0)
        {
            Array.Clear(_laterBlocks, 0, _laterBlocks.Length);
            AddLaterFromFirstColumns();
            AddLaterFromTrailing();
            ReadLaterBlocks(gradient);
        }
    }

    /// <summary>Term 0, level l: G[c, r] = S_ll (T0' A_ll) + S[P_l, l]' (Lambda_D' A[P_l, l]) + S[Xy, l]' A[Xy, l].</summary>
    private void AddFirstTerm(Span<double> gradient)
    {
        var a = _factor.CrossProduct;
        int k0 = a.FirstColumns, kk = k0 * k0, width = a.Dense.ColumnCount, xy = a.FixedColumns + 1;
        var t0 = _firstTemplate;
        var aFirst = a.First.Values;
        var aSparse = a.Sparse;
        var aDense = a.Dense.Values;
        var scaling = _factor.Scaling;
        Span<double> g = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        Span<double> ta = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        Span<double> total = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        total.Clear();
        var cancellation = _factor.Cancellation;
        for (int l = 0; l < a.FirstLevels; l++)
        {
            if (k0 > 1 || (l & 63) == 0) cancellation.ThrowIfCancellationRequested();
            int o = l * kk;
            // ta = T0' A_ll
            for (int r = 0; r < k0; r++)
                for (int c = 0; c < k0; c++)
                {
                    double s = 0.0;
                    for (int m = c; m < k0; m++)
                        s += t0[c * k0 + m] * aFirst[o + r * k0 + m];
                    ta[r * k0 + c] = s;
                }
            for (int r = 0; r < k0; r++)
                for (int c = 0; c < k0; c++)
                {
                    double s = 0.0;
                    for (int m = 0; m < k0; m++)
                        s += _general!.FirstDiagonal[o + m * k0 + c] * ta[r * k0 + m];
                    g[r * k0 + c] = s;
                }

            int nnz = aSparse.RowCount > 0 ? aSparse.NonZerosIn(l) : 0;
            if (nnz > 0)
            {
                int start = aSparse.LevelStart[l];
                for (int r = 0; r < k0; r++)
                {
                    int ao = aSparse.ColumnOffset(l, r);
                    Array.Copy(aSparse.Values, ao, _scaled, 0, nnz);
                    scaling.ApplyTransposeToSparse(aSparse.Rows, start, nnz, _scaled, 0);
                    for (int c = 0; c < k0; c++)
                        g[r * k0 + c] += VectorOps.Dot(_general!.FirstSparse, aSparse.ColumnOffset(l, c), _scaled, 0, nnz);
                }
            }
            for (int t = 0; t < xy; t++)
            {
                int row = t * width + l * k0;
                for (int r = 0; r < k0; r++)
                {
                    double av = aDense[row + r];
                    if (av == 0.0) continue;
                    for (int c = 0; c < k0; c++)
                        g[r * k0 + c] += _general!.FirstDense[row + c] * av;
                }
            }
            for (int i = 0; i < kk; i++)
                total[i] += g[i];
        }
        WriteTerm(0, k0, total, gradient);
    }

    /// <summary>Later-term rows against first-term columns: for each first-term level l0 and each level group of a
    /// later term in its pattern, G[(l, c), r] += sum_c0 S[(l, c), (l0, c0)] (T0' A[l0, (l, .)])[c0, r].</summary>
    private void AddLaterFromFirstColumns()
    {
        var a = _factor.CrossProduct;
        var sparse = a.Sparse;
        if (sparse.RowCount == 0) return;
        int k0 = a.FirstColumns, w = _laterWidth;
        var scaling = _factor.Scaling;
        var t0 = _firstTemplate;
        var cancellation = _factor.Cancellation;
        for (int l0 = 0; l0 < a.FirstLevels; l0++)
        {
            if ((l0 & 63) == 0) cancellation.ThrowIfCancellationRequested();
            int nnz = sparse.NonZerosIn(l0), start = sparse.LevelStart[l0];
            if (nnz == 0) continue;
            // _column = T0' A[l0 rows, pattern] laid out k0 columns... as rows c0' of nnz values.
            for (int c = 0; c < k0; c++)
            {
                int dst = c * nnz;
                for (int e = 0; e < nnz; e++)
                {
                    double s = 0.0;
                    for (int m = c; m < k0; m++)
                        s += t0[c * k0 + m] * sparse.Values[sparse.ColumnOffset(l0, m) + e];
                    _column[dst + e] = s;
                }
            }
            for (int e0 = 0; e0 < nnz;)
            {
                int row0 = sparse.Rows[start + e0];
                int k = scaling.TermSizes[scaling.TermOfRow[row0]];
                for (int c = 0; c < k; c++)
                {
                    int target = (row0 + c) * w;
                    for (int r = 0; r < k; r++)
                    {
                        double s = 0.0;
                        for (int c0 = 0; c0 < k0; c0++)
                            s += _general!.FirstSparse[sparse.ColumnOffset(l0, c0) + e0 + c] * _column[c0 * nnz + e0 + r];
                        _laterBlocks[target + r] += s;
                    }
                }
                e0 += k;
            }
        }
    }

    /// <summary>Later-term rows against the dense trailing columns: G[(l, c), r] += S_TT[(l, c), :] (Lambda_T' A_TT)[:, (l, r)].</summary>
    private void AddLaterFromTrailing()
    {
        var a = _factor.CrossProduct;
        int m = a.TrailingSize, qd = a.LaterRows, w = _laterWidth;
        var scaling = _factor.Scaling;
        var s = new TrailingMatrix(_general!.Trailing, m, qd);
        var trailing = a.DenseTrailing;
        for (int row0 = 0; row0 < qd;)
        {
            int k = scaling.TermSizes[scaling.TermOfRow[row0]];
            for (int r = 0; r < k; r++)
            {
                Array.Copy(trailing.Values, trailing.Position(0, row0 + r), _scaled, 0, m);
                if (scaling.AllScalar)
                {
                    var f = scaling.ScalarFactor;
                    for (int i = 0; i < qd; i++) _scaled[i] *= f[i];
                }
                else
                {
                    scaling.ApplyTransposeToSparse(_identityRows, 0, m, _scaled, 0);
                }
                for (int c = 0; c < k; c++)
                    _laterBlocks[(row0 + c) * w + r] += VectorOps.Dot(s.Values, s.Offset(0, row0 + c), _scaled, 0, m);
            }
            row0 += k;
        }
    }

    /// <summary>Sums the later terms' level blocks into their theta elements.</summary>
    private void ReadLaterBlocks(Span<double> gradient)
    {
        var a = _factor.CrossProduct;
        int w = _laterWidth;
        Span<double> buffer = w * w <= StackScratch.MaxDoubles ? stackalloc double[w * w] : new double[w * w];
        for (int j = 1; j < _layout.Sizes.Length; j++)
        {
            int k = _layout.Sizes[j], kk = k * k;
            var total = buffer.Slice(0, kk);
            total.Clear();
            int levels = (j + 1 < _layout.Sizes.Length ? a.TermRowOffset[j + 1] : a.LaterRows) - a.TermRowOffset[j];
            levels /= k;
            for (int l = 0; l < levels; l++)
            {
                int row0 = a.TermRowOffset[j] + l * k;
                for (int c = 0; c < k; c++)
                    for (int r = 0; r < k; r++)
                        total[r * k + c] += _laterBlocks[(row0 + c) * w + r];
            }
            WriteTerm(j, k, total, gradient);
        }
    }

    /// <summary>gradient[theta of (r, c)] = 2 G[c, r] for r >= c, G summed over levels and stored as total[r*k + c].</summary>
    private void WriteTerm(int term, int k, ReadOnlySpan<double> total, Span<double> gradient)
    {
        int idx = _layout.Offsets[term];
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
                gradient[idx++] = 2.0 * total[r * k + c];
    }
}
