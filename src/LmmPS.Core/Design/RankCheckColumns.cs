using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Design;

/// <summary>
/// The columns <see cref="RankCheck"/> walks, each scaled to unit norm and, when the first column is constant (the
/// intercept), the dense ones centred. Neither changes a decision: the walk compares each column's residual with
/// 1e-7 times its own norm (scale-free), and with the intercept kept first, subtracting a multiple of it from a later
/// column changes neither the span of the columns before that one nor its residual against them. Both make the
/// cross-product well scaled: entries at most 1 (no overflow for a covariate of 1e200, no underflow for one of
/// 1e-160) and no cancellation from large offsets (x in 1e6..1e6+1 has a centred residual of 3e-7 of its norm,
/// which the uncentred cross-product would bury under rounding of 1e-16 times 1e12).
/// Columns with few non-zeros (factor indicators and their interactions) stay sparse and uncentred, so the
/// cross-product of a 5,000-level factor costs O(n), not O(n p^2). All-zero columns are left out (lme4 drops them).
/// </summary>
internal sealed class RankCheckColumns
{
    /// <summary>Columns with at most this fraction of non-zeros are stored sparse.</summary>
    private const int SparseDivisor = 4;

    private readonly double[]?[] _dense;
    private readonly int[]?[] _rows;
    private readonly double[]?[] _values;

    private RankCheckColumns(int rowCount, int[] original, double[]?[] dense, int[]?[] rows, double[]?[] values)
    {
        RowCount = rowCount;
        Original = original;
        _dense = dense;
        _rows = rows;
        _values = values;
    }

    public int RowCount { get; }

    /// <summary>The caller's index of each stored (non-zero) column, in order.</summary>
    public int[] Original { get; }

    public int Count => Original.Length;

    /// <param name="columns">The columns, each of n rows.</param>
    /// <param name="nonZeroRows">Per column, the rows where it is non-zero (increasing) when known, else null: such a
    /// column is read only there.</param>
    /// <param name="cancellation">Checked every 64 columns.</param>
    public static RankCheckColumns From(IReadOnlyList<double[]> columns, IReadOnlyList<int[]?>? nonZeroRows, CancellationToken cancellation)
    {
        int n = columns.Count == 0 ? 0 : columns[0].Length;
        bool centre = columns.Count > 0 && IsNonZeroConstant(columns[0]);
        var original = new List<int>();
        var dense = new List<double[]?>();
        var rows = new List<int[]?>();
        var values = new List<double[]?>();
        for (int j = 0; j < columns.Count; j++)
        {
            if ((j & 63) == 0)
                cancellation.ThrowIfCancellationRequested();
            double[] x = columns[j];
            // Known non-zeros are read alone: the same norm (the zeros add nothing to any sum) without the rest.
            int[]? known = nonZeroRows?[j];
            var (max, root, nonZero) = Norm(known is null ? x : known.Select(i => x[i]).ToArray());
            if (nonZero == 0)
                continue;
            original.Add(j);
            if (nonZero <= n / SparseDivisor)
            {
                var r = known ?? NonZeroRowsOf(x, nonZero);
                var v = new double[r.Length];
                for (int t = 0; t < r.Length; t++)
                    v[t] = x[r[t]] / max / root;
                dense.Add(null);
                rows.Add(r);
                values.Add(v);
                continue;
            }
            var d = new double[n];
            for (int i = 0; i < n; i++)
                d[i] = x[i] / max / root;
            if (centre && j > 0)
                Centre(d);
            dense.Add(d);
            rows.Add(null);
            values.Add(null);
        }
        return new RankCheckColumns(n, original.ToArray(), dense.ToArray(), rows.ToArray(), values.ToArray());
    }

    /// <summary>The rows where x is non-zero, of which there are count.</summary>
    private static int[] NonZeroRowsOf(double[] x, int count)
    {
        var r = new int[count];
        for (int i = 0, t = 0; i < x.Length; i++)
            if (x[i] != 0)
                r[t++] = i;
        return r;
    }

    /// <summary>The stored columns' cross-product, Count x Count column-major, lower triangle and diagonal.</summary>
    public double[] CrossProduct(CancellationToken cancellation)
    {
        int p = Count;
        var g = new double[(long)p * p];
        var denseIndex = Enumerable.Range(0, p).Where(j => _dense[j] is not null).ToArray();
        // Dense with dense: vectorised dot products (n p_dense^2 / 2; p_dense is the covariates, usually few).
        for (int a = 0; a < denseIndex.Length; a++)
        {
            cancellation.ThrowIfCancellationRequested();
            int ja = denseIndex[a];
            for (int b = a; b < denseIndex.Length; b++)
            {
                int jb = denseIndex[b];
                g[(long)ja * p + jb] = VectorOps.Dot(_dense[ja]!, 0, _dense[jb]!, 0, RowCount);
            }
        }
        // Sparse with dense: one pass over the sparse column's non-zeros per dense column.
        for (int j = 0; j < p; j++)
        {
            if (_rows[j] is not { } r)
                continue;
            if ((j & 63) == 0)
                cancellation.ThrowIfCancellationRequested();
            var v = _values[j]!;
            foreach (int d in denseIndex)
            {
                var x = _dense[d]!;
                double s = 0;
                for (int t = 0; t < r.Length; t++)
                    s += v[t] * x[r[t]];
                g[Lower(p, j, d)] = s;
            }
        }
        SparseWithSparse(g, p, cancellation);
        return g;
    }

    /// <summary>Sparse with sparse, row by row: each row adds the products of its non-zeros (sum over rows of the
    /// squared count of non-zeros, which is n for one factor).</summary>
    private void SparseWithSparse(double[] g, int p, CancellationToken cancellation)
    {
        int n = RowCount;
        var start = new int[n + 1];
        for (int j = 0; j < p; j++)
            if (_rows[j] is { } r)
                foreach (int i in r)
                    start[i + 1]++;
        for (int i = 0; i < n; i++)
            start[i + 1] += start[i];
        var column = new int[start[n]];
        var value = new double[start[n]];
        var next = (int[])start.Clone();
        for (int j = 0; j < p; j++)
            if (_rows[j] is { } r)
                for (int t = 0; t < r.Length; t++)
                {
                    int at = next[r[t]]++;
                    column[at] = j;
                    value[at] = _values[j]![t];
                }
        for (int i = 0; i < n; i++)
        {
            if ((i & 4095) == 0)
                cancellation.ThrowIfCancellationRequested();
            // Columns were added in increasing order, so column[a] <= column[b] for a <= b: entry (b, a) is lower.
            for (int a = start[i]; a < start[i + 1]; a++)
                for (int b = a; b < start[i + 1]; b++)
                    g[(long)column[a] * p + column[b]] += value[a] * value[b];
        }
    }

    /// <summary>The longest run of consecutive stored columns that are sparse with pairwise disjoint rows (so
    /// mutually orthogonal: a factor's indicators, or a factor times a covariate), as (first, count); (0, 0) when there
    /// is none. O(nnz): each row remembers the last run that used it.</summary>
    public (int Start, int Length) OrthogonalRun()
    {
        var owner = new int[RowCount];
        int run = 0, start = -1, bestStart = 0, bestLength = 0;
        for (int j = 0; j < Count; j++)
        {
            if (_rows[j] is not { } rows)
            {
                start = -1;
                continue;
            }
            bool overlaps = false;
            foreach (int i in rows)
                overlaps |= owner[i] == run;
            if (start < 0 || overlaps)
            {
                run++;
                start = j;
            }
            foreach (int i in rows)
                owner[i] = run;
            if (j - start + 1 > bestLength)
            {
                bestStart = start;
                bestLength = j - start + 1;
            }
        }
        return (bestStart, bestLength);
    }

    /// <summary>Writes stored column j into r (length n).</summary>
    public void CopyTo(int j, double[] r)
    {
        if (_dense[j] is { } d)
        {
            Array.Copy(d, r, RowCount);
            return;
        }
        Array.Clear(r, 0, RowCount);
        var rows = _rows[j]!;
        var v = _values[j]!;
        for (int t = 0; t < rows.Length; t++)
            r[rows[t]] = v[t];
    }

    /// <summary>Column j dotted with r.</summary>
    public double Dot(int j, double[] r)
    {
        if (_dense[j] is { } d)
            return VectorOps.Dot(d, 0, r, 0, RowCount);
        var rows = _rows[j]!;
        var v = _values[j]!;
        double s = 0;
        for (int t = 0; t < rows.Length; t++)
            s += v[t] * r[rows[t]];
        return s;
    }

    /// <summary>r += alpha * column j.</summary>
    public void Axpy(int j, double alpha, double[] r)
    {
        if (_dense[j] is { } d)
        {
            VectorOps.Axpy(alpha, d, 0, r, 0, RowCount);
            return;
        }
        var rows = _rows[j]!;
        var v = _values[j]!;
        for (int t = 0; t < rows.Length; t++)
            r[rows[t]] += alpha * v[t];
    }

    private static long Lower(int p, int a, int b) => a >= b ? (long)b * p + a : (long)a * p + b;

    private static bool IsNonZeroConstant(double[] x)
    {
        if (x.Length == 0 || x[0] == 0)
            return false;
        for (int i = 1; i < x.Length; i++)
            if (x[i] != x[0])
                return false;
        return true;
    }

    /// <summary>The column's Euclidean norm as max|x| times root, computed without overflow or underflow (the squares
    /// are taken of x / max|x|), and its count of non-zeros. A NaN or an infinity gives a NaN root (the column's
    /// stored values are then NaN, and so is every decision after it, as with the old Gram-Schmidt walk).</summary>
    private static (double Max, double Root, int NonZero) Norm(double[] x)
    {
        double max = 0;
        int nonZero = 0;
        bool finite = true;
        for (int i = 0; i < x.Length; i++)
        {
            double a = Math.Abs(x[i]);
            if (x[i] != 0)
                nonZero++;
            if (double.IsNaN(a) || double.IsInfinity(a))
                finite = false;
            else if (a > max)
                max = a;
        }
        if (nonZero == 0)
            return (0, 0, 0);
        if (!finite || max == 0)
            return (1, double.NaN, nonZero);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = x[i] / max;
            sum += u * u;
        }
        return (max, Math.Sqrt(sum), nonZero);
    }

    /// <summary>Subtracts the mean, with one correction pass (the mean of what is left) for accuracy.</summary>
    private static void Centre(double[] d)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            double s = 0;
            for (int i = 0; i < d.Length; i++)
                s += d[i];
            double mean = s / d.Length;
            for (int i = 0; i < d.Length; i++)
                d[i] -= mean;
        }
    }
}
