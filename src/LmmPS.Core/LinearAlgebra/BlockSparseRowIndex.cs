using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The pattern of a <see cref="BlockSparsePanel"/> turned around: for each row r, where r occurs, as the
/// level l and the position p within that level's pattern. Built once per design; it lets the downdate run
/// column by column of the trailing matrix (row r of the panel is column r there), so each column's writes stay
/// in cache and the columns can be shared between the cores without two threads writing one column.</summary>
internal sealed class BlockSparseRowIndex
{
    [MethodImpl(JitHints.Hot)]
    public BlockSparseRowIndex(BlockSparsePanel panel)
    {
        int q = panel.RowCount;
        RowStart = new int[q + 1];
        var rows = panel.Rows;
        foreach (int r in rows) RowStart[r + 1]++;
        for (int r = 0; r < q; r++) RowStart[r + 1] += RowStart[r];
        Level = new int[rows.Length];
        Position = new int[rows.Length];
        var fill = (int[])RowStart.Clone();
        // Levels in ascending order, so each row's entries list levels ascending (a fixed summation order).
        for (int l = 0; l < panel.LevelCount; l++)
        {
            int start = panel.LevelStart[l], nnz = panel.NonZerosIn(l);
            for (int p = 0; p < nnz; p++)
            {
                int e = fill[rows[start + p]]++;
                Level[e] = l;
                Position[e] = p;
            }
        }
        Work = new long[q];
        for (int r = 0; r < q; r++)
            for (int e = RowStart[r]; e < RowStart[r + 1]; e++)
                Work[r] += panel.NonZerosIn(Level[e]) - Position[e];
    }

    /// <summary>Entries of row r: RowStart[r] .. RowStart[r+1].</summary>
    public int[] RowStart { get; }

    /// <summary>Level of the first term each entry belongs to.</summary>
    public int[] Level { get; }

    /// <summary>Position of each entry within its level's pattern.</summary>
    public int[] Position { get; }

    /// <summary>Multiply-adds (per first-term column) the downdate spends on trailing column r.</summary>
    public long[] Work { get; }

    private int[]? _bounds;
    private int _boundsChunks;

    /// <summary>About <paramref name="chunks"/> column ranges of equal work: range i is bounds[i] .. bounds[i+1].
    /// Computed once and kept (the thread count does not change between evaluations).</summary>
    [MethodImpl(JitHints.Hot)]
    public int[] ChunkBounds(int chunks)
    {
        if (_bounds is not null && _boundsChunks == chunks) return _bounds;
        long total = 0;
        foreach (long w in Work) total += w;
        var bounds = new List<int> { 0 };
        long target = Math.Max(1, total / Math.Max(1, chunks)), sum = 0;
        for (int r = 0; r < Work.Length; r++)
        {
            sum += Work[r];
            if (sum >= target * bounds.Count && r + 1 < Work.Length) bounds.Add(r + 1);
        }
        bounds.Add(Work.Length);
        _bounds = bounds.ToArray();
        _boundsChunks = chunks;
        return _bounds;
    }
}
