namespace LmmPS.Tests.LinearAlgebra;

/// <summary>Textbook reference implementations (triple loops, no blocking) and test matrices for the kernel tests.</summary>
internal static class NaiveMatrices
{
    /// <summary>A random symmetric positive definite n x n matrix, column-major at offset in an ld x (n + extra)
    /// array whose unused cells hold a sentinel, so a kernel that writes outside its block is caught.</summary>
    public static double[] RandomSpd(int n, int ld, int offset, int seed, double sentinel = 12345.0)
    {
        var random = new Random(seed);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++) b[i] = random.NextDouble() - 0.5;
        var a = Enumerable.Repeat(sentinel, offset + ld * n + 1).ToArray();
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                // A = B B' / n + I: positive definite and well conditioned.
                double s = i == j ? 1.0 : 0.0;
                for (int t = 0; t < n; t++) s += b[t * n + i] * b[t * n + j] / n;
                a[offset + j * ld + i] = s;
            }
        return a;
    }

    /// <summary>Cholesky by the definition, column by column (Cholesky-Banachiewicz), lower triangle, n x n dense.</summary>
    public static double[] Cholesky(double[] a, int offset, int ld, int n)
    {
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double d = a[offset + j * ld + j];
            for (int s = 0; s < j; s++) d -= l[s * n + j] * l[s * n + j];
            l[j * n + j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                double v = a[offset + j * ld + i];
                for (int s = 0; s < j; s++) v -= l[s * n + i] * l[s * n + j];
                l[j * n + i] = v / l[j * n + j];
            }
        }
        return l;
    }

    public static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    public static double MaxAbs(IEnumerable<double> values) => values.Select(Math.Abs).DefaultIfEmpty(0).Max();
}
