using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The cross-product A = [Z X y]'[Z X y], formed once per design, in the block kinds the factorization
/// keeps: the first term's diagonal block (uniform block-diagonal), the first term's block column split into a
/// block-sparse panel (rows of the later terms) and a dense panel (rows of X and y), and one dense symmetric
/// trailing matrix over [later terms, X, y]. Rows of the later terms come term by term, level by level, k rows
/// per level; then the p columns of X; then y. Never written after construction, so any number of factors (profile
/// workers, a refit) can share one; Lambda belongs to each factor (<see cref="BlockedFactor.Scaling"/>). A new
/// response re-forms only the y row of <see cref="Dense"/> and the y row and column of <see cref="Trailing"/>
/// (<see cref="WithResponse"/>), sharing everything else.</summary>
internal sealed class BlockedCrossProduct
{
    [MethodImpl(JitHints.Hot)]
    public BlockedCrossProduct(ModelDesign design, TrailingFactorKind kind = TrailingFactorKind.Automatic)
    {
        var terms = design.RandomTerms;
        if (terms.Count == 0)
            throw new LmmException("NoRandomEffects", LmmErrorCategory.InvalidArgument,
                $"The formula '{design.Formula.Text}' has no random-effects term such as (1 | group); a linear mixed model needs at least one.");
        int n = design.RowCount, p = design.FixedEffectCount;
        var first = terms[0];
        FirstColumns = first.ColumnCount;
        FirstLevels = first.LevelCount;

        // Later terms ("D" rows) are laid out term by term.
        TermRowOffset = new int[terms.Count];
        int qd = 0;
        for (int j = 1; j < terms.Count; j++)
        {
            TermRowOffset[j] = qd;
            qd += terms[j].Size;
        }
        LaterRows = qd;
        FixedColumns = p;
        TrailingSize = checked(qd + p + 1);
        // The dense kind's refusal comes first when it is the only kind possible; otherwise after the symbolic
        // analysis has chosen (the panels below are O(n)).
        bool sparsePossible = kind == TrailingFactorKind.Sparse || kind == TrailingFactorKind.Automatic && qd > 0;
        if (!sparsePossible)
            ModelMemory.EnsureFits(design, TrailingSize, LaterRows);

        var termOfRow = new int[TrailingSize];
        var termSizes = new int[Math.Max(0, terms.Count - 1)];
        for (int j = 1; j < terms.Count; j++)
        {
            termSizes[j - 1] = terms[j].ColumnCount;
            for (int r = 0; r < terms[j].Size; r++)
                termOfRow[TermRowOffset[j] + r] = j - 1;
        }
        for (int r = qd; r < TrailingSize; r++)
            termOfRow[r] = -1;
        TermOfRow = termOfRow;
        TermSizes = termSizes;

        First = new UniformBlockDiagonal(FirstLevels, FirstColumns);
        FormFirstBlock(first);
        Sparse = FormSparsePanel(terms, n);
        Dense = FormDensePanel(design, first);
        SparseTrailing = sparsePossible ? SparseTrailing.Choose(design, Sparse, TermRowOffset, LaterRows, kind) : null;
        if (SparseTrailing is null)
        {
            if (sparsePossible)
                ModelMemory.EnsureFits(design, TrailingSize, LaterRows);
            Trailing = FormTrailing(design);
        }
        else
            Trailing = Array.Empty<double>();
    }

    /// <summary>The sparse kind of the trailing matrix, or null when it is dense (<see cref="Trailing"/>).</summary>
    public SparseTrailing? SparseTrailing { get; }

    public TrailingFactorKind Kind => SparseTrailing is null ? TrailingFactorKind.Dense : TrailingFactorKind.Sparse;

    public int FirstColumns { get; }

    public int FirstLevels { get; }

    public int[] TermRowOffset { get; }

    /// <summary>q_D: rows of the random-effects terms after the first.</summary>
    public int LaterRows { get; }

    public int FixedColumns { get; }

    /// <summary>m = q_D + p + 1.</summary>
    public int TrailingSize { get; }

    /// <summary>Per trailing row, the later term (0-based among the later terms) whose template scales it; -1 for
    /// the X and y rows (the pattern of Lambda there; its values are each factor's).</summary>
    public int[] TermOfRow { get; }

    /// <summary>k of each later term.</summary>
    public int[] TermSizes { get; }

    public UniformBlockDiagonal First { get; }

    public BlockSparsePanel Sparse { get; }

    public DenseRowPanel Dense { get; }

    /// <summary>Full symmetric m x m, column-major, for the dense kind; empty for the sparse one.</summary>
    public double[] Trailing { get; }

    /// <summary><see cref="Trailing"/> in its layout (<see cref="TrailingMatrix"/>).</summary>
    public TrailingMatrix DenseTrailing => new(Trailing, TrailingSize, LaterRows);

    /// <summary>The cross-product of [Z X y*] for <paramref name="design"/>, which must differ from
    /// <paramref name="source"/>'s design in its response only: the Z and X blocks are shared, y*'s row of the dense
    /// panel and its row and column of the trailing matrix are formed afresh (O(n (k + p + q_D-row entries)) work).</summary>
    private BlockedCrossProduct(BlockedCrossProduct source, ModelDesign design, BlockedCrossProduct? recycled)
    {
        FirstColumns = source.FirstColumns;
        FirstLevels = source.FirstLevels;
        TermRowOffset = source.TermRowOffset;
        LaterRows = source.LaterRows;
        FixedColumns = source.FixedColumns;
        TrailingSize = source.TrailingSize;
        TermOfRow = source.TermOfRow;
        TermSizes = source.TermSizes;
        First = source.First;
        Sparse = source.Sparse;
        var first = design.RandomTerms[0];
        Dense = new DenseRowPanel(source.Dense.RowCount, source.Dense.ColumnCount, source.Dense.ColumnsPerLevel);
        int yRow = FixedColumns * Dense.ColumnCount;
        Array.Copy(source.Dense.Values, Dense.Values, yRow);
        FormResponseRow(design, first, Dense.Values, yRow);
        SparseTrailing = source.SparseTrailing?.WithResponse(design, TermRowOffset);
        // Taking over the recycled array skips an m x m copy into fresh memory (InstEval: 40 ms, more than a factorization).
        Trailing = SparseTrailing is not null ? Array.Empty<double>()
            : recycled is not null ? recycled.Trailing
            : (double[])source.Trailing.Clone();
        if (SparseTrailing is null)
            FormResponseColumn(design, Trailing);
    }

    /// <summary>The cross-product for a design that differs from this one's in its response only. <paramref name="recycled"/>,
    /// when given, is a cross-product of the same Z and X blocks (this one, or one made from it by this method) that the
    /// caller is dropping and no one else holds: its trailing array, which equals this one's but in y's row and column, is
    /// taken over and only those are formed again; <paramref name="recycled"/> must not be read afterwards.</summary>
    public BlockedCrossProduct WithResponse(ModelDesign design, BlockedCrossProduct? recycled = null)
    {
        if (recycled is not null && (!ReferenceEquals(recycled.First, First) || !ReferenceEquals(recycled.Sparse, Sparse)
            || recycled.Trailing.Length != Trailing.Length))
            throw new ArgumentException("Only a cross-product of the same Z and X blocks can be recycled.", nameof(recycled));
        return new(this, design, recycled);
    }

    /// <summary>y' Z_1 into values[yRow ..] (the dense panel's last row).</summary>
    [MethodImpl(JitHints.Hot)]
    private static void FormResponseRow(ModelDesign design, RandomEffectsTerm first, double[] values, int yRow)
    {
        int k0 = first.ColumnCount;
        var y = design.Response;
        for (int i = 0; i < y.Length; i++)
        {
            int col0 = yRow + first.LevelIndex[i] * k0;
            for (int c = 0; c < k0; c++)
            {
                double z = first.Z[i * k0 + c];
                if (z == 0.0) continue;
                values[col0 + c] += y[i] * z;
            }
        }
    }

    /// <summary>Trailing's y row and column, [Z_D X y]' y, accumulated row by row in the order
    /// <see cref="FormTrailing"/> uses, so a response set again equals one formed with the rest.</summary>
    [MethodImpl(JitHints.Hot)]
    private void FormResponseColumn(ModelDesign design, double[] a)
    {
        int n = design.RowCount, p = FixedColumns, m = TrailingSize, qd = LaterRows;
        var terms = design.RandomTerms;
        var y = design.Response;
        var layout = new TrailingMatrix(a, m, qd);
        for (int r = 0; r < m; r++)
            layout.SetSymmetric(r, m - 1, 0.0);
        for (int i = 0; i < n; i++)
        {
            double yi = y[i];
            if (yi == 0.0) continue;
            for (int j = 1; j < terms.Count; j++)
            {
                var t = terms[j];
                int k = t.ColumnCount, row0 = TermRowOffset[j] + t.LevelIndex[i] * k;
                for (int r = 0; r < k; r++)
                    layout.AddToResponseRowAndColumn(row0 + r, t.Z[i * k + r] * yi);
            }
            for (int t = 0; t < p; t++)
                layout.AddToResponseRowAndColumn(qd + t, design.X[t * n + i] * yi);
            layout[m - 1, m - 1] += yi * yi;
        }
    }

    [MethodImpl(JitHints.Hot)]
    private void FormFirstBlock(RandomEffectsTerm first)
    {
        int k = first.ColumnCount, kk = k * k;
        var z = first.Z;
        var v = First.Values;
        var level = first.LevelIndex;
        for (int i = 0; i < level.Length; i++)
        {
            int o = level[i] * kk, zi = i * k;
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                    v[o + c * k + r] += z[zi + r] * z[zi + c];
        }
    }

    /// <summary>Pattern and values of Z_D' Z_1: for every level of the first term, the levels of later terms
    /// it meets in some row, each contributing its k rows.</summary>
    [MethodImpl(JitHints.Hot)]
    private BlockSparsePanel FormSparsePanel(IReadOnlyList<RandomEffectsTerm> terms, int n)
    {
        int k0 = FirstColumns;
        var first = terms[0];
        if (terms.Count == 1)
            return new BlockSparsePanel(0, k0, new int[FirstLevels + 1], Array.Empty<int>());

        // Later-term levels get one global index g, ordered as the rows are.
        var levelOffset = new int[terms.Count];
        long g = 0;
        for (int j = 1; j < terms.Count; j++)
        {
            levelOffset[j] = (int)g;
            g += terms[j].LevelCount;
        }
        int globalLevels = (int)g;

        // Rows grouped by first-term level (a stable counting sort, so each level keeps ascending row order).
        var levelOfRow = first.LevelIndex;
        var rowStart = new int[FirstLevels + 1];
        for (int i = 0; i < n; i++) rowStart[levelOfRow[i] + 1]++;
        for (int l = 0; l < FirstLevels; l++) rowStart[l + 1] += rowStart[l];
        var rowsByLevel = new int[n];
        var fill = (int[])rowStart.Clone();
        for (int i = 0; i < n; i++) rowsByLevel[fill[levelOfRow[i]]++] = i;

        // Term of each global level index, to know its k and row offset.
        var termOfGlobal = new int[globalLevels];
        for (int j = 1; j < terms.Count; j++)
            for (int m = 0; m < terms[j].LevelCount; m++)
                termOfGlobal[levelOffset[j] + m] = j;

        // Per level: the distinct later-term levels it meets, ascending (a stamp per global level marks the ones
        // seen for this level), each taking its k rows. Pass 1 counts, pass 2 fills rows and values.
        var stamp = new int[globalLevels];
        for (int x = 0; x < stamp.Length; x++) stamp[x] = -1;
        var slot = new int[globalLevels];
        var met = new List<int>();
        var levelStart = new int[FirstLevels + 1];
        for (int l = 0; l < FirstLevels; l++)
        {
            int count = 0;
            for (int e = rowStart[l]; e < rowStart[l + 1]; e++)
            {
                int i = rowsByLevel[e];
                for (int j = 1; j < terms.Count; j++)
                {
                    int gl = levelOffset[j] + terms[j].LevelIndex[i];
                    if (stamp[gl] == l) continue;
                    stamp[gl] = l;
                    count += terms[j].ColumnCount;
                }
            }
            levelStart[l + 1] = levelStart[l] + count;
        }

        var rows = new int[levelStart[FirstLevels]];
        var panel = new BlockSparsePanel(LaterRows, k0, levelStart, rows);
        var v = panel.Values;
        for (int l = 0; l < FirstLevels; l++)
        {
            met.Clear();
            for (int e = rowStart[l]; e < rowStart[l + 1]; e++)
            {
                int i = rowsByLevel[e];
                for (int j = 1; j < terms.Count; j++)
                {
                    int gl = levelOffset[j] + terms[j].LevelIndex[i];
                    // Pass 1 left stamp[gl] = l for every level met here; mark it taken for this pass with -2 - l.
                    if (stamp[gl] == -2 - l) continue;
                    stamp[gl] = -2 - l;
                    met.Add(gl);
                }
            }
            met.Sort();
            int offset = 0, o = levelStart[l];
            for (int u = 0; u < met.Count; u++)
            {
                int gl = met[u], j = termOfGlobal[gl], k = terms[j].ColumnCount, m = gl - levelOffset[j];
                slot[gl] = offset;
                for (int r = 0; r < k; r++)
                    rows[o + offset + r] = TermRowOffset[j] + m * k + r;
                offset += k;
            }

            int nnz = levelStart[l + 1] - o, baseOffset = k0 * o;
            for (int e = rowStart[l]; e < rowStart[l + 1]; e++)
            {
                int i = rowsByLevel[e];
                for (int j = 1; j < terms.Count; j++)
                {
                    var t = terms[j];
                    int k = t.ColumnCount;
                    int p0 = slot[levelOffset[j] + t.LevelIndex[i]];
                    for (int c = 0; c < k0; c++)
                    {
                        double z0 = first.Z[i * k0 + c];
                        if (z0 == 0.0) continue;
                        int at = baseOffset + c * nnz + p0;
                        for (int r = 0; r < k; r++)
                            v[at + r] += z0 * t.Z[i * k + r];
                    }
                }
            }
        }
        return panel;
    }

    /// <summary>[X y]' Z_1, one row per column of X, then y.</summary>
    [MethodImpl(JitHints.Hot)]
    private DenseRowPanel FormDensePanel(ModelDesign design, RandomEffectsTerm first)
    {
        int n = design.RowCount, p = design.FixedEffectCount, k0 = FirstColumns;
        var panel = new DenseRowPanel(p + 1, FirstLevels * k0, k0);
        var v = panel.Values;
        int width = panel.ColumnCount;
        for (int i = 0; i < n; i++)
        {
            int col0 = first.LevelIndex[i] * k0;
            for (int c = 0; c < k0; c++)
            {
                double z = first.Z[i * k0 + c];
                if (z == 0.0) continue;
                for (int t = 0; t < p; t++)
                    v[t * width + col0 + c] += design.X[t * n + i] * z;
                v[p * width + col0 + c] += design.Response[i] * z;
            }
        }
        return panel;
    }

    /// <summary>The full symmetric cross-product of [Z_D X y].</summary>
    [MethodImpl(JitHints.Hot)]
    private double[] FormTrailing(ModelDesign design)
    {
        int n = design.RowCount, p = design.FixedEffectCount, m = TrailingSize, qd = LaterRows;
        var terms = design.RandomTerms;
        var a = TrailingMatrix.Allocate(m, qd);
        int width = 0;
        for (int j = 1; j < terms.Count; j++)
            width += terms[j].ColumnCount;
        var index = new int[width + p + 1];
        var value = new double[width + p + 1];
        for (int i = 0; i < n; i++)
        {
            int e = 0;
            for (int j = 1; j < terms.Count; j++)
            {
                var t = terms[j];
                int k = t.ColumnCount, row0 = TermRowOffset[j] + t.LevelIndex[i] * k;
                for (int r = 0; r < k; r++)
                {
                    index[e] = row0 + r;
                    value[e++] = t.Z[i * k + r];
                }
            }
            for (int t = 0; t < p; t++)
            {
                index[e] = qd + t;
                value[e++] = design.X[t * n + i];
            }
            index[e] = qd + p;
            value[e++] = design.Response[i];
            for (int b = 0; b < e; b++)
            {
                double vb = value[b];
                if (vb == 0.0) continue;
                long col = a.Position(0, index[b]);
                for (int c = 0; c < e; c++)
                    a.Values[col + index[c]] += value[c] * vb;
            }
        }
        return a.Values;
    }
}
