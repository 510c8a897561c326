namespace LmmPS.Core.LinearAlgebra;

/// <summary>L^-1 of a dense lower-triangular L (column-major) for the gradient pass, at every evaluation. Eight
/// columns of L^-1 at a time are found as one packed strip by <see cref="InverseStripSolve"/> (forward
/// substitution with the strip held in L2, four columns of L per pass) and written out; the strips are independent,
/// so they are shared between the cores, the widest (leftmost) first. About n^3/6 multiply-adds, as many as the
/// Cholesky that made L. <see cref="DenseTriangular.InvertLower"/> does the same column by column; it is fine once
/// per fit but streams all of L once per column.</summary>
internal static unsafe class TriangularInverse
{
    // One strip buffer per thread (8n doubles), kept across calls: the gradient inverts a matrix of the same size at
    // every evaluation.
    [ThreadStatic] private static double[]? _strip;
    [ThreadStatic] private static double[]? _inverseDiagonal;

    /// <summary>Writes L^-1 of the n x n L at l[offset] (leading dimension ld) into u, n x n column-major with leading
    /// dimension n; the strict upper triangle of u is set to 0.</summary>
    public static void InvertLower(double[] l, int offset, int ld, int n, double[] u) =>
        InvertLower(l, offset, ld, n, u, portable: false);

    /// <summary>As above; portable = true uses the plain loops even where AVX2 exists (the tests check both).</summary>
    internal static void InvertLower(double[] l, int offset, int ld, int n, double[] u, bool portable)
    {
        if (n <= 0) return;
        var inverseDiagonal = Buffer(ref _inverseDiagonal, n);
        for (int t = 0; t < n; t++) inverseDiagonal[t] = 1.0 / l[offset + (long)t * ld + t];
        int strips = StripPacking.StripCount(n);
        bool parallel = (long)n * n * n / 6 >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(strips, parallel, s =>
        {
            var strip = Buffer(ref _strip, StripPacking.Strip * n);
            fixed (double* pl = &l[offset], px = strip, pi = inverseDiagonal, pu = u)
            {
                InverseStripSolve.Solve(pl, ld, n, s, px, pi, portable);
                Unpack(px, n, s, pu);
            }
        });
    }

    /// <summary>Columns 8s..8s+7 of u from strip s: x[t*8 + ii] = L^-1[t, 8s + ii], zero for t &lt; 8s.</summary>
    private static void Unpack(double* x, int n, int s, double* u)
    {
        const int w = StripPacking.Strip;
        int t0 = s * w, count = Math.Min(w, n - t0);
        for (int ii = 0; ii < count; ii++)
        {
            double* column = u + (long)(t0 + ii) * n;
            for (int t = 0; t < t0; t++) column[t] = 0.0;
            double* source = x + ii;
            for (int t = t0; t < n; t++) column[t] = source[(long)t * w];
        }
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new double[length];
        return buffer;
    }
}
