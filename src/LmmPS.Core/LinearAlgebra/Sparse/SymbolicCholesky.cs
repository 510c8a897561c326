namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>How <see cref="SymbolicCholesky.Analyze"/> orders the columns before factoring.</summary>
internal enum FillOrdering
{
    /// <summary>The given order (then postordered, which changes no count).</summary>
    Natural,

    /// <summary><see cref="MinimumDegreeOrdering"/>.</summary>
    ApproximateMinimumDegree,

    /// <summary>Whichever of the two fills less. Levels of a partially crossed factor that are local (neighbourhoods
    /// near their schools) already come in a banded order that AMD can miss by a few percent; counting the natural
    /// order's non-zeros costs one pass over them.</summary>
    Best,
}

/// <summary>Everything about the Cholesky factor of a symmetric pattern that does not depend on the values:
/// the ordering (fill-reducing, then postordered by the elimination tree), column counts, the supernodes and their
/// row structures, where each supernode's dense block lives in the values array, and where each entry of A goes
/// there. Its counts (<see cref="Nonzeros"/>, <see cref="StoredEntries"/>, <see cref="MultiplyAdds"/>) are
/// known before anything of L's size is allocated, so they can choose between a dense and a sparse factor and
/// refuse a model that cannot fit.
/// <para>Supernode s holds columns First[s] .. First[s+1]-1 as one dense column-major block of Height(s) rows:
/// its own columns' rows first (the diagonal block, upper part unused), then the rows below, ascending
/// (RowIndices[RowStarts[s] ..]). Columns of a fundamental supernode share their structure below the block
/// (Liu, Ng and Peyton 1993); relaxed amalgamation (Ashcraft and Grimes 1989) also merges a child into its parent
/// when the explicit zeros that adds are few, for larger dense blocks.</para></summary>
internal sealed class SymbolicCholesky
{
    private SymbolicCholesky(SymmetricPattern source, int[] ordering, int[] parent, int[] columnCounts,
        int[] first, int[] rowStarts, int[] rowIndices, long[] offsets, int[] assemblyTarget)
    {
        Source = source;
        Ordering = ordering;
        InverseOrdering = Permutation.Inverse(ordering);
        Parent = parent;
        ColumnCounts = columnCounts;
        First = first;
        RowStarts = rowStarts;
        RowIndices = rowIndices;
        Offsets = offsets;
        AssemblyTarget = assemblyTarget;
        SupernodeOf = new int[source.Order];
        for (int s = 0; s + 1 < first.Length; s++)
            for (int j = first[s]; j < first[s + 1]; j++) SupernodeOf[j] = s;
        foreach (int c in columnCounts)
        {
            Nonzeros += c;
            MultiplyAdds += (double)(c - 1) * c / 2 + c;
        }
    }

    public SymmetricPattern Source { get; }

    public int Order => Source.Order;

    /// <summary>Ordering[k]: the original index factored k-th.</summary>
    public int[] Ordering { get; }

    public int[] InverseOrdering { get; }

    /// <summary>The elimination tree in the factored numbering.</summary>
    public int[] Parent { get; }

    /// <summary>Structural non-zeros of each column of L (diagonal included), factored numbering.</summary>
    public int[] ColumnCounts { get; }

    /// <summary>Structural non-zeros of L: what CHOLMOD's simplicial factor would hold.</summary>
    public long Nonzeros { get; }

    /// <summary>Multiply-adds of the numeric factorization, sum over columns of c(c-1)/2 + c for c = count:
    /// n^3/6 for a dense n x n matrix (n^3/3 flops).</summary>
    public double MultiplyAdds { get; }

    /// <summary>First column of each supernode, plus Order at the end.</summary>
    public int[] First { get; }

    public int SupernodeCount => First.Length - 1;

    public int[] SupernodeOf { get; }

    public int[] RowStarts { get; }

    /// <summary>Rows of each supernode's block, its own columns first, ascending.</summary>
    public int[] RowIndices { get; }

    /// <summary>Start of each supernode's block in the values array, plus the total at the end.</summary>
    public long[] Offsets { get; }

    /// <summary>Doubles in the supernodal values array (the blocks' full rectangles).</summary>
    public long StoredEntries => Offsets[SupernodeCount];

    /// <summary>For each entry of <see cref="Source"/> (by its position), its place in the values array.</summary>
    public int[] AssemblyTarget { get; }

    public int Columns(int s) => First[s + 1] - First[s];

    public int Height(int s) => RowStarts[s + 1] - RowStarts[s];

    /// <summary>Bytes the numeric factor needs: its values, and the largest update and panel buffers.</summary>
    public long NumericBytes
    {
        get
        {
            long largest = 0;
            for (int s = 0; s < SupernodeCount; s++)
                largest = Math.Max(largest, (long)Height(s) * Columns(s));
            return 8 * (StoredEntries + 3 * largest);
        }
    }

    /// <summary>Orders, postorders and partitions the pattern. Throws <see cref="InsufficientMemoryException"/>
    /// when the factor would have more than 2^31 - 1 stored entries (the values array's limit); the caller's
    /// memory refusal compares <see cref="NumericBytes"/> with what is available first.</summary>
    public static SymbolicCholesky Analyze(SymmetricPattern pattern, FillOrdering fillOrdering = FillOrdering.ApproximateMinimumDegree, bool relaxed = true)
        => FromOrdering(pattern, OrderingFor(pattern, fillOrdering), relaxed);

    /// <summary>The fill-reducing ordering <paramref name="fillOrdering"/> names, postordered.</summary>
    private static int[] OrderingFor(SymmetricPattern pattern, FillOrdering fillOrdering)
    {
        int n = pattern.Order;
        return fillOrdering switch
        {
            FillOrdering.Natural => Postordered(pattern, Permutation.Identity(n)),
            FillOrdering.ApproximateMinimumDegree => Postordered(pattern, MinimumDegreeOrdering.Compute(pattern)),
            _ => Sparser(pattern, Postordered(pattern, MinimumDegreeOrdering.Compute(pattern)), Postordered(pattern, Permutation.Identity(n))),
        };
    }

    /// <summary>The analysis of <paramref name="pattern"/>, whose last <paramref name="border"/> rows are dense (every
    /// entry present), with those rows kept last in their order: the leading part is ordered by
    /// <paramref name="fillOrdering"/> as <paramref name="leading"/> (the pattern's leading block) would be alone. The
    /// dense rows are a chain at the top of the elimination tree, ancestors of every other column, so the postorder
    /// keeps them last; the factor's last <paramref name="border"/> columns are then a dense border (L's [X y] rows
    /// and block in the fit). Checked: throws <see cref="InvalidOperationException"/> if the border moved.</summary>
    public static SymbolicCholesky AnalyzeWithBorder(SymmetricPattern pattern, SymmetricPattern leading, int border,
        FillOrdering fillOrdering = FillOrdering.Best, bool relaxed = true)
    {
        int n = pattern.Order, lead = leading.Order;
        if (lead + border != n)
            throw new ArgumentException($"The leading block ({lead}) and the border ({border}) do not make the pattern's order ({n}).", nameof(border));
        var leadingOrder = OrderingFor(leading, fillOrdering);
        var ordering = new int[n];
        Array.Copy(leadingOrder, ordering, lead);
        for (int t = lead; t < n; t++) ordering[t] = t;
        ordering = Postordered(pattern, ordering);
        for (int t = lead; t < n; t++)
            if (ordering[t] != t)
                throw new InvalidOperationException($"The dense border moved in the postorder (position {t} holds {ordering[t]}); its rows must be dense.");
        return FromOrdering(pattern, ordering, relaxed);
    }

    private static SymbolicCholesky FromOrdering(SymmetricPattern pattern, int[] ordering, bool relaxed)
    {
        var (permuted, origin) = pattern.Permute(ordering);
        var parent = EliminationTree.Parents(permuted);
        var counts = EliminationTree.ColumnCounts(permuted, parent);
        var partition = SupernodePartition.Find(parent, counts, relaxed);

        int supernodes = partition.First.Length - 1;
        var offsets = new long[supernodes + 1];
        var rowStarts = new int[supernodes + 1];
        for (int s = 0; s < supernodes; s++)
        {
            rowStarts[s + 1] = rowStarts[s] + partition.Height[s];
            offsets[s + 1] = offsets[s] + (long)partition.Height[s] * (partition.First[s + 1] - partition.First[s]);
        }
        if (offsets[supernodes] > int.MaxValue)
            throw new InsufficientMemoryException($"The sparse factor would store {offsets[supernodes]} values, more than one array holds.");
        var rows = RowStructure(permuted, parent, partition.First, rowStarts);
        var target = AssemblyTargets(permuted, origin, partition.First, rowStarts, rows, offsets);
        return new SymbolicCholesky(pattern, ordering, parent, counts, partition.First, rowStarts, rows, offsets, target);
    }

    /// <summary>The ordering followed by a postorder of its elimination tree (same fill, contiguous supernodes).</summary>
    private static int[] Postordered(SymmetricPattern pattern, int[] ordering)
    {
        var (ordered, _) = pattern.Permute(ordering);
        return Permutation.Compose(ordering, EliminationTree.Postorder(EliminationTree.Parents(ordered)));
    }

    /// <summary>Of two orderings, the one whose factor has fewer non-zeros (the first on a tie).</summary>
    private static int[] Sparser(SymmetricPattern pattern, int[] first, int[] second)
    {
        long Count(int[] ordering)
        {
            var (ordered, _) = pattern.Permute(ordering);
            return EliminationTree.ColumnCounts(ordered, EliminationTree.Parents(ordered)).Sum(c => (long)c);
        }
        return Count(first) <= Count(second) ? first : second;
    }

    /// <summary>Rows of each supernode: its columns, then the union of its columns' rows in A below the block and
    /// of its children's rows below the block (the structure of L, Liu 1990), sorted.</summary>
    private static int[] RowStructure(SymmetricPattern a, int[] parent, int[] first, int[] rowStarts)
    {
        int n = a.Order, supernodes = first.Length - 1;
        var supernodeOf = new int[n];
        for (int s = 0; s < supernodes; s++)
            for (int j = first[s]; j < first[s + 1]; j++) supernodeOf[j] = s;
        var childHead = new int[supernodes];
        var childNext = new int[supernodes];
        for (int s = 0; s < supernodes; s++) childHead[s] = -1;
        var rows = new int[rowStarts[supernodes]];
        var mark = new int[n];
        for (int i = 0; i < n; i++) mark[i] = -1;
        for (int s = 0; s < supernodes; s++)
        {
            int f = first[s], last = first[s + 1] - 1, o = rowStarts[s];
            for (int j = f; j <= last; j++) rows[o++] = j;
            int below = o;
            for (int j = f; j <= last; j++)
                for (int k = a.ColumnStarts[j]; k < a.ColumnStarts[j + 1]; k++)
                    Add(a.RowIndices[k]);
            for (int c = childHead[s]; c >= 0; c = childNext[c])
                for (int k = rowStarts[c] + (first[c + 1] - first[c]); k < rowStarts[c + 1]; k++)
                    Add(rows[k]);
            if (o != rowStarts[s + 1])
                throw new InvalidOperationException($"Supernode {s}: {o - rowStarts[s]} rows found, {rowStarts[s + 1] - rowStarts[s]} predicted by the column counts.");
            Array.Sort(rows, below, o - below);
            if (parent[last] >= 0)
            {
                int p = supernodeOf[parent[last]];
                childNext[s] = childHead[p];
                childHead[p] = s;
            }

            void Add(int row)
            {
                if (row <= last || mark[row] == s) return;
                mark[row] = s;
                if (o < rowStarts[s + 1]) rows[o] = row;
                o++;
            }
        }
        return rows;
    }

    private static int[] AssemblyTargets(SymmetricPattern a, int[] origin, int[] first, int[] rowStarts, int[] rows, long[] offsets)
    {
        var target = new int[a.Count];
        var position = new int[a.Order];
        for (int s = 0; s + 1 < first.Length; s++)
        {
            int height = rowStarts[s + 1] - rowStarts[s];
            for (int k = rowStarts[s]; k < rowStarts[s + 1]; k++) position[rows[k]] = k - rowStarts[s];
            for (int j = first[s]; j < first[s + 1]; j++)
                for (int k = a.ColumnStarts[j]; k < a.ColumnStarts[j + 1]; k++)
                    target[origin[k]] = (int)(offsets[s] + (long)(j - first[s]) * height + position[a.RowIndices[k]]);
        }
        return target;
    }
}
