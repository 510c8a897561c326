namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The non-zero pattern of a symmetric n x n matrix, compressed by column, lower triangle only: column j
/// holds the rows i &gt;= j at RowIndices[ColumnStarts[j] .. ColumnStarts[j+1]), ascending, the diagonal always first.
/// A matrix with this pattern is a values array aligned with RowIndices, so one pattern serves every evaluation.</summary>
internal sealed class SymmetricPattern
{
    public SymmetricPattern(int order, int[] columnStarts, int[] rowIndices)
    {
        if (columnStarts.Length != order + 1 || columnStarts[0] != 0 || columnStarts[order] != rowIndices.Length)
            throw new ArgumentException("Column starts do not describe the row indices.", nameof(columnStarts));
        for (int j = 0; j < order; j++)
        {
            int start = columnStarts[j], end = columnStarts[j + 1];
            if (end <= start || rowIndices[start] != j)
                throw new ArgumentException($"Column {j} does not start with its diagonal entry.", nameof(rowIndices));
            for (int k = start + 1; k < end; k++)
                if (rowIndices[k] <= rowIndices[k - 1] || rowIndices[k] >= order)
                    throw new ArgumentException($"Column {j}'s rows are not ascending below the diagonal and inside the matrix.", nameof(rowIndices));
        }
        Order = order;
        ColumnStarts = columnStarts;
        RowIndices = rowIndices;
    }

    public int Order { get; }

    public int[] ColumnStarts { get; }

    public int[] RowIndices { get; }

    /// <summary>Stored entries (lower triangle with the diagonal).</summary>
    public int Count => RowIndices.Length;

    /// <summary>The pattern of a matrix that is a sum of dense blocks on index sets (cliques), plus the diagonal:
    /// the cross-product of later grouping factors after eliminating the first one has one such block per level of
    /// the first factor (the later levels that share a row with it). Column by column with one marker array, so
    /// memory is the output plus one list of cliques per index.</summary>
    public static SymmetricPattern FromCliques(int order, IReadOnlyList<int[]> cliques)
    {
        var membership = new List<int>[order];
        for (int c = 0; c < cliques.Count; c++)
            foreach (int i in cliques[c])
            {
                if ((uint)i >= (uint)order)
                    throw new ArgumentOutOfRangeException(nameof(cliques), $"Clique {c} holds index {i}, outside 0..{order - 1}.");
                (membership[i] ??= new List<int>()).Add(c);
            }
        var starts = new int[order + 1];
        var rows = new List<int>();
        var mark = new int[order];
        for (int j = 0; j < order; j++) mark[j] = -1;
        for (int j = 0; j < order; j++)
        {
            int begin = rows.Count;
            rows.Add(j);
            mark[j] = j;
            if (membership[j] is { } list)
                foreach (int c in list)
                    foreach (int i in cliques[c])
                        if (i > j && mark[i] != j)
                        {
                            mark[i] = j;
                            rows.Add(i);
                        }
            rows.Sort(begin + 1, rows.Count - begin - 1, null);
            starts[j + 1] = rows.Count;
        }
        return new SymmetricPattern(order, starts, rows.ToArray());
    }

    /// <summary>This pattern with <paramref name="border"/> dense rows and columns appended after it (every entry of
    /// theirs present): the later terms' block bordered by the [X y] rows in the fit. Column j keeps its rows and then
    /// gets Order .. Order + border - 1; the border's columns are full below their diagonal.</summary>
    public SymmetricPattern WithDenseBorder(int border)
    {
        int n = Order + border;
        var starts = new int[n + 1];
        long count = (long)Count + (long)Order * border + (long)border * (border + 1) / 2;
        if (count > int.MaxValue)
            throw new InsufficientMemoryException($"The bordered pattern would hold {count} entries, more than one array holds.");
        var rows = new int[count];
        int o = 0;
        for (int j = 0; j < n; j++)
        {
            if (j < Order)
                for (int k = ColumnStarts[j]; k < ColumnStarts[j + 1]; k++) rows[o++] = RowIndices[k];
            for (int i = Math.Max(j, Order); i < n; i++) rows[o++] = i;
            starts[j + 1] = o;
        }
        return new SymmetricPattern(n, starts, rows);
    }

    /// <summary>The pattern of the given (row, column) entries, either triangle, duplicates allowed, plus the diagonal.</summary>
    public static SymmetricPattern FromEntries(int order, IEnumerable<(int Row, int Column)> entries) =>
        FromCliques(order, entries.Select(e => e.Row == e.Column ? new[] { e.Row } : new[] { e.Row, e.Column }).ToList());

    /// <summary>The position of entry (row, column), either triangle, in RowIndices, or -1 when it is not stored.</summary>
    public int IndexOf(int row, int column)
    {
        if (row < column) (row, column) = (column, row);
        int k = Array.BinarySearch(RowIndices, ColumnStarts[column], ColumnStarts[column + 1] - ColumnStarts[column], row);
        return k >= 0 ? k : -1;
    }

    /// <summary>Row lists of the lower triangle without the diagonal: for each row i, the columns j &lt; i with an
    /// entry (i, j), ascending. Both the elimination tree and the column counts walk the matrix by rows.</summary>
    public (int[] Starts, int[] Columns) StrictRows()
    {
        var starts = new int[Order + 1];
        for (int j = 0; j < Order; j++)
            for (int k = ColumnStarts[j] + 1; k < ColumnStarts[j + 1]; k++)
                starts[RowIndices[k] + 1]++;
        for (int i = 0; i < Order; i++) starts[i + 1] += starts[i];
        var next = (int[])starts.Clone();
        var columns = new int[starts[Order]];
        for (int j = 0; j < Order; j++)
            for (int k = ColumnStarts[j] + 1; k < ColumnStarts[j + 1]; k++)
                columns[next[RowIndices[k]]++] = j;
        return (starts, columns);
    }

    /// <summary>The adjacency of the matrix's graph (both triangles, no diagonal), compressed by vertex.</summary>
    public (int[] Starts, int[] Neighbours) Adjacency()
    {
        var (rowStarts, rowColumns) = StrictRows();
        var starts = new int[Order + 1];
        for (int i = 0; i < Order; i++)
            starts[i + 1] = starts[i] + (ColumnStarts[i + 1] - ColumnStarts[i] - 1) + (rowStarts[i + 1] - rowStarts[i]);
        var neighbours = new int[starts[Order]];
        for (int i = 0; i < Order; i++)
        {
            int o = starts[i];
            for (int k = rowStarts[i]; k < rowStarts[i + 1]; k++) neighbours[o++] = rowColumns[k];
            for (int k = ColumnStarts[i] + 1; k < ColumnStarts[i + 1]; k++) neighbours[o++] = RowIndices[k];
        }
        return (starts, neighbours);
    }

    /// <summary>The pattern of P A P' for the ordering <paramref name="order"/> (order[k] = the original index that
    /// becomes k), and for each of its entries the original entry it comes from (so values follow by a gather).</summary>
    public (SymmetricPattern Pattern, int[] Origin) Permute(int[] order)
    {
        var inverse = Permutation.Inverse(order);
        var counts = new int[Order + 1];
        for (int j = 0; j < Order; j++)
            for (int k = ColumnStarts[j]; k < ColumnStarts[j + 1]; k++)
                counts[Math.Min(inverse[j], inverse[RowIndices[k]]) + 1]++;
        for (int j = 0; j < Order; j++) counts[j + 1] += counts[j];
        var next = (int[])counts.Clone();
        var rows = new int[Count];
        var origin = new int[Count];
        for (int j = 0; j < Order; j++)
            for (int k = ColumnStarts[j]; k < ColumnStarts[j + 1]; k++)
            {
                int a = inverse[j], b = inverse[RowIndices[k]];
                int column = Math.Min(a, b), p = next[column]++;
                rows[p] = Math.Max(a, b);
                origin[p] = k;
            }
        // Each column's rows arrive in arbitrary order: sort them (the diagonal, the smallest, comes first).
        for (int j = 0; j < Order; j++)
            Array.Sort(rows, origin, counts[j], counts[j + 1] - counts[j]);
        return (new SymmetricPattern(Order, counts, rows), origin);
    }
}
