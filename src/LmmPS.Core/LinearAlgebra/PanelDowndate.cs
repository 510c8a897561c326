#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>The Schur-complement downdates of the dense trailing matrix M (column-major, lower triangle) by the
/// first term's block column W = [S; D] (S block-sparse over the later terms' rows, D dense over the [X y] rows):
/// M -= W W'. The S S' and D S' parts run column by column of M (<see cref="SparseByColumn"/>); D D' is dense.</summary>
internal static class PanelDowndate
{
    /// <summary>Multiply-adds below which the sparse downdate stays on one thread.</summary>
    private const long ParallelWork = 1L << 17;

    /// <summary>Column chunks per thread, so the dynamic hand-out can even out unequal columns.</summary>
    private const int ChunksPerThread = 16;

    /// <summary>M[0:q, 0:q] -= S S' and M[q:q+P, 0:q] -= D S' (q = S.RowCount, P = D.RowCount). Column r of M
    /// gathers, for every first-term level whose pattern holds row r, that level's entries at rows &gt;= r times the
    /// entry at r: writes stay within one column (in cache), each M entry receives its terms in ascending level
    /// order (a fixed summation order, whatever the threads), and columns are shared between the cores.
    /// <paramref name="dByColumn"/> is D transposed (column j's P values at j*P), refreshed by the caller.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void SparseByColumn(BlockSparsePanel s, BlockSparseRowIndex index, double[] dByColumn, int p, double[] m, int ld, int maxThreads = 0,
        CancellationToken cancellationToken = default)
    {
        int q = s.RowCount;
        if (q == 0) return;
        long total = 0;
        foreach (long w in index.Work) total += w;
        total *= s.ColumnsPerLevel;
        int threads = maxThreads <= 0 ? KernelOptions.Default.MaxThreads : maxThreads;
        if (total < ParallelWork || threads <= 1)
        {
            DowndateColumns(s, index, dByColumn, p, m, ld, 0, q);
            return;
        }
        var bounds = index.ChunkBounds(threads * ChunksPerThread);
        KernelParallelism.For(bounds.Length - 1, threads, chunk => DowndateColumns(s, index, dByColumn, p, m, ld, bounds[chunk], bounds[chunk + 1]),
            cancellationToken);
    }

    [MethodImpl(JitHints.Hot)]
    private static unsafe void DowndateColumns(BlockSparsePanel s, BlockSparseRowIndex index, double[] dByColumn, int p, double[] m, int ld, int c0, int c1)
    {
        int q = s.RowCount, k0 = s.ColumnsPerLevel;
        var levelStart = s.LevelStart;
        var rowStart = index.RowStart;
        var levelOf = index.Level;
        var positionOf = index.Position;
        // Pointers: the inner loop is an indexed scatter, and three bounds checks per multiply-add cost more
        // than the arithmetic. Every index comes from the panel's own pattern (rows < q, positions < nnz).
        fixed (int* rows = s.Rows)
        fixed (double* v = s.Values, dt = dByColumn, pm = m)
        {
            for (int c = c0; c < c1; c++)
            {
                double* column = pm + (long)c * ld;
                int end = rowStart[c + 1];
                for (int e = rowStart[c]; e < end; e++)
                {
                    int l = levelOf[e], position = positionOf[e];
                    int start = levelStart[l], nnz = levelStart[l + 1] - start;
#if NET8_0_OR_GREATER
                    // Each entry jumps to another level's data, which a big panel keeps in L3 or memory: ask for
                    // the entry after next while this one is computed.
                    if (Sse.IsSupported && e + 2 < end)
                    {
                        int ahead = levelStart[levelOf[e + 2]] + positionOf[e + 2];
                        Sse.Prefetch0(rows + ahead);
                        Sse.Prefetch0(v + (long)k0 * levelStart[levelOf[e + 2]] + positionOf[e + 2]);
                    }
#endif
                    int* levelRows = rows + start;
                    for (int cc = 0; cc < k0; cc++)
                    {
                        double* values = v + (long)k0 * start + (long)cc * nnz;
                        double vc = values[position];
                        if (vc == 0.0) continue;
                        for (int p1 = position; p1 < nnz; p1++)
                            column[levelRows[p1]] -= values[p1] * vc;
                        double* d = dt + (long)(l * k0 + cc) * p;
                        for (int t = 0; t < p; t++)
                            column[q + t] -= d[t] * vc;
                    }
                }
            }
        }
    }

    /// <summary>dByColumn[j*P + t] = D[t, j]: the layout <see cref="SparseByColumn"/> reads.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Transpose(DenseRowPanel d, double[] dByColumn)
    {
        int width = d.ColumnCount, p = d.RowCount;
        var values = d.Values;
        for (int t = 0; t < p; t++)
        {
            int row = t * width;
            for (int j = 0; j < width; j++)
                dByColumn[j * p + t] = values[row + j];
        }
    }

    /// <summary>M[q:q+P, q:q+P] -= D D' (lower triangle).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void DenseDense(DenseRowPanel d, int q, double[] m, int ld)
    {
        int width = d.ColumnCount;
        for (int s = 0; s < d.RowCount; s++)
            for (int t = s; t < d.RowCount; t++)
                m[(q + s) * ld + q + t] -= VectorOps.Dot(d.Values, t * width, d.Values, s * width, width);
    }
}
