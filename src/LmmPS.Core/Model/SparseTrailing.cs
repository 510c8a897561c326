using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Core.Model;

/// <summary>The sparse kind of the trailing cross-product: [Z_D X y]'[Z_D X y] on the pattern the factor will need,
/// the later terms' levels (original order) bordered by the p + 1 dense rows of X and y, lower triangle by column
/// (<see cref="SymmetricPattern"/>), with its symbolic Cholesky. The pattern of the later block is the union of one
/// clique per level of the first term (the later rows its block column meets, <see cref="BlockSparsePanel.Rows"/>):
/// eliminating the first term's level fills exactly that clique, and any two later levels sharing a data row share
/// that row's first-term level, so the cross-product's own entries lie inside it too. Never written after
/// construction (a new response makes a new instance sharing the pattern).</summary>
internal sealed class SparseTrailing
{
    /// <summary>Below this many later rows the dense factor costs at most ~2e7 multiply-adds (milliseconds), and the
    /// dense kind, which has every feature (analytic gradient, profiles), is kept.</summary>
    internal const int MinimumAutomaticRows = 500;

    /// <summary>Densest pattern of the later block (stored entries over q_D (q_D + 1)/2) the automatic choice analyses.</summary>
    internal const double MaximumAutomaticDensity = 0.05;

    /// <summary>Most pairs of later rows the first term's levels may meet (the downdate map, 4 bytes each).</summary>
    internal const long MaximumPairs = 300_000_000;

    /// <summary>The crossover (bench/README.md): sparse when its multiply-adds are below this fraction of m^3/6.</summary>
    internal const double CrossoverFraction = 0.1;

    private SparseTrailing(SymmetricPattern pattern, SymbolicCholesky symbolic, double[] values, int laterRows,
        int[] pairStart, int[] pairPositions, int[] columnOfEntry)
    {
        Pattern = pattern;
        Symbolic = symbolic;
        Values = values;
        LaterRows = laterRows;
        PairStart = pairStart;
        PairPositions = pairPositions;
        ColumnOfEntry = columnOfEntry;
    }

    /// <summary>The bordered pattern, original numbering: later rows 0..q_D-1, then X, then y.</summary>
    public SymmetricPattern Pattern { get; }

    public SymbolicCholesky Symbolic { get; }

    /// <summary>A's lower-triangle values aligned with <see cref="Pattern"/> (unscaled, no identity).</summary>
    public double[] Values { get; }

    public int LaterRows { get; }

    public int Order => Pattern.Order;

    /// <summary>Per first-term level, where its pairs start in <see cref="PairPositions"/>.</summary>
    public int[] PairStart { get; }

    /// <summary>For each level l with block-column rows R (ascending), for a = 0.., b = a..: the position of
    /// (R[b], R[a]) in the pattern: where the level's downdate goes.</summary>
    public int[] PairPositions { get; }

    /// <summary>The column of each pattern entry (its row is <see cref="SymmetricPattern.RowIndices"/>).</summary>
    public int[] ColumnOfEntry { get; }

    /// <summary>Position of (row, column), row a border row (&gt;= q_D) and &gt;= column: the border rows are the
    /// last entries of every column.</summary>
    [MethodImpl(JitHints.Hot)]
    public int BorderPosition(int row, int column) => Pattern.ColumnStarts[column + 1] - (Order - row);

    /// <summary>The sparse kind for this design, or null for the dense one: forced by <paramref name="kind"/>, or
    /// chosen by the symbolic analysis (the crossover, before anything of the factor's size is allocated).</summary>
    public static SparseTrailing? Choose(ModelDesign design, BlockSparsePanel panel, int[] termRowOffset, int laterRows,
        TrailingFactorKind kind)
    {
        if (kind == TrailingFactorKind.Dense || laterRows == 0 && kind == TrailingFactorKind.Automatic) return null;
        var terms = design.RandomTerms;
        bool scalar = terms.Skip(1).All(t => t.ColumnCount == 1);
        if (!scalar || laterRows == 0)
        {
            if (kind == TrailingFactorKind.Sparse)
                throw new LmmException("SparseFactorUnsupported", LmmErrorCategory.InvalidArgument,
                    laterRows == 0
                        ? $"The model '{design.Formula.Text}' has one random-effects term; the sparse trailing factor needs a term after the first."
                        : $"The sparse trailing factor needs every random-effects term after the first to have one column (such as (1 | g)); '{design.Formula.Text}' has " +
                          string.Join(", ", terms.Skip(1).Where(t => t.ColumnCount > 1).Select(t => $"'{t.Group}' with {t.ColumnCount}")) + ". Use the dense factor.");
            return null;
        }
        if (kind == TrailingFactorKind.Automatic && laterRows < MinimumAutomaticRows) return null;

        // The cliques' pairs bound the pattern's entries and are the downdate map's length: far too many means a
        // crossed design (dense), and building the pattern alone would cost that much.
        long pairs = 0;
        for (int l = 0; l < panel.LevelCount; l++)
        {
            long c = panel.NonZerosIn(l);
            pairs += c * (c + 1) / 2;
        }
        if (pairs > MaximumPairs)
        {
            if (kind == TrailingFactorKind.Automatic) return null;
            throw new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                $"The sparse trailing factor of '{design.Formula.Text}' would need {pairs:N0} downdate entries (more than {MaximumPairs:N0}): the terms after the first are crossed with it too densely. Use the dense factor.");
        }
        var cliques = new int[panel.LevelCount][];
        for (int l = 0; l < cliques.Length; l++)
        {
            int start = panel.LevelStart[l], count = panel.NonZerosIn(l);
            cliques[l] = new int[count];
            Array.Copy(panel.Rows, start, cliques[l], 0, count);
        }
        var leading = SymmetricPattern.FromCliques(laterRows, cliques);
        int border = design.FixedEffectCount + 1, m = laterRows + border;
        double denseWork = (double)m * m * m / 6;
        // The ordering of a pattern that is not very sparse costs as much as several dense evaluations (InstEval: 0.8-1 s
        // on a 3.5 s fit) and crossed patterns fill nearly completely; so the automatic choice orders only patterns
        // below this density (nested and locally crossed designs sit at 0.01 or less).
        if (kind == TrailingFactorKind.Automatic && leading.Count > MaximumAutomaticDensity * (laterRows * (laterRows + 1.0) / 2))
            return null;
        var pattern = leading.WithDenseBorder(border);
        var symbolic = SymbolicCholesky.AnalyzeWithBorder(pattern, leading, border, FillOrdering.Best);
        if (kind == TrailingFactorKind.Automatic && symbolic.MultiplyAdds >= CrossoverFraction * denseWork) return null;
        ModelMemory.EnsureSparseFits(design, symbolic, panel);

        var columnOfEntry = new int[pattern.Count];
        for (int j = 0; j < pattern.Order; j++)
            for (int k = pattern.ColumnStarts[j]; k < pattern.ColumnStarts[j + 1]; k++) columnOfEntry[k] = j;
        var (pairStart, pairPositions) = Pairs(pattern, cliques);
        var result = new SparseTrailing(pattern, symbolic, new double[pattern.Count], laterRows, pairStart, pairPositions, columnOfEntry);
        result.Form(design, termRowOffset, result.Values, response: false);
        return result;
    }

    /// <summary>This cross-product for a design differing in its response only: y's row re-formed, the rest shared.</summary>
    public SparseTrailing WithResponse(ModelDesign design, int[] termRowOffset)
    {
        var values = (double[])Values.Clone();
        // y is the last row of every column.
        for (int j = 0; j < Order; j++) values[Pattern.ColumnStarts[j + 1] - 1] = 0.0;
        Form(design, termRowOffset, values, response: true);
        return new SparseTrailing(Pattern, Symbolic, values, LaterRows, PairStart, PairPositions, ColumnOfEntry);
    }

    private static (int[] Start, int[] Positions) Pairs(SymmetricPattern pattern, int[][] cliques)
    {
        var start = new int[cliques.Length + 1];
        for (int l = 0; l < cliques.Length; l++)
        {
            long c = cliques[l].Length;
            long next = start[l] + c * (c + 1) / 2;
            if (next > int.MaxValue)
                throw new InsufficientMemoryException("The sparse trailing factor's downdate map would hold more than one array's entries.");
            start[l + 1] = (int)next;
        }
        var positions = new int[start[cliques.Length]];
        for (int l = 0; l < cliques.Length; l++)
        {
            var rows = cliques[l];
            int o = start[l];
            for (int a = 0; a < rows.Length; a++)
                for (int b = a; b < rows.Length; b++)
                    positions[o++] = pattern.IndexOf(rows[b], rows[a]);
        }
        return (start, positions);
    }

    /// <summary>Accumulates [Z_D X y]'[Z_D X y] row by row into <paramref name="values"/> (only y's row when
    /// <paramref name="response"/>), each product in the same order either way, so a response set again equals one
    /// formed with the rest.</summary>
    [MethodImpl(JitHints.Hot)]
    private void Form(ModelDesign design, int[] termRowOffset, double[] values, bool response)
    {
        int n = design.RowCount, p = design.FixedEffectCount, qd = LaterRows;
        var terms = design.RandomTerms;
        var index = new int[terms.Count + p];
        var value = new double[terms.Count + p];
        for (int i = 0; i < n; i++)
        {
            int e = 0;
            for (int j = 1; j < terms.Count; j++)
            {
                index[e] = termRowOffset[j] + terms[j].LevelIndex[i];
                value[e++] = terms[j].Z[i];
            }
            for (int t = 0; t < p; t++)
            {
                index[e] = qd + t;
                value[e++] = design.X[t * n + i];
            }
            double y = design.Response[i];
            // Entries (index[c] >= index[b]) among the later and X rows; rows of distinct terms are distinct.
            if (!response)
                for (int b = 0; b < e; b++)
                {
                    double vb = value[b];
                    if (vb == 0.0) continue;
                    for (int c = 0; c < e; c++)
                    {
                        int row = index[c], column = index[b];
                        if (row < column || (row == column && c != b)) continue;
                        int position = row >= qd ? BorderPosition(row, column) : Pattern.IndexOf(row, column);
                        values[position] += value[c] * vb;
                    }
                }
            if (y == 0.0) continue;
            for (int b = 0; b < e; b++)
                values[BorderPosition(Order - 1, index[b])] += value[b] * y;
            values[BorderPosition(Order - 1, Order - 1)] += y * y;
        }
    }
}
