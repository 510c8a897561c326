namespace LmmPS.Core.Optimizers;

/// <summary>The L-BFGS approximation B of the Hessian from the last few steps s and gradient changes y:
/// gamma I (gamma = y'y / s'y of the newest pair) updated by BFGS with each stored pair, oldest first. B is formed
/// as a dense matrix because theta has at most a few dozen entries, so O(m n^2) work per iteration is nothing next
/// to one evaluation of the deviance, and the Cauchy point and subspace step become plain dense algebra instead of
/// the compact-representation bookkeeping of Byrd, Lu, Nocedal and Zhu (1995).</summary>
internal sealed class LimitedMemoryHessian
{
    private readonly int dimension;
    private readonly int memory;
    private readonly List<(double[] S, double[] Y)> pairs = new();

    public LimitedMemoryHessian(int dimension, int memory)
    {
        this.dimension = dimension;
        this.memory = memory;
    }

    public int Count => pairs.Count;

    /// <summary>Stores a pair if it has enough curvature (s'y &gt; eps y'y) to keep B positive definite; a step
    /// along which the gradient barely changed carries no usable curvature and would make B ill-conditioned.</summary>
    public bool TryAdd(double[] s, double[] y)
    {
        double sy = Dot(s, y), yy = Dot(y, y);
        if (!(sy > 2.2e-16 * yy) || !(yy > 0) || double.IsInfinity(yy)) return false;
        if (pairs.Count == memory) pairs.RemoveAt(0);
        pairs.Add(((double[])s.Clone(), (double[])y.Clone()));
        return true;
    }

    public void Clear() => pairs.Clear();

    /// <summary>The dense n x n matrix B (the identity while no pair is stored).</summary>
    public double[,] Dense()
    {
        int n = dimension;
        var b = new double[n, n];
        double gamma = 1.0;
        if (pairs.Count > 0)
        {
            var (s, y) = pairs[pairs.Count - 1];
            gamma = Dot(y, y) / Dot(s, y);
        }

        for (int i = 0; i < n; i++) b[i, i] = gamma;
        var bs = new double[n];
        foreach (var (s, y) in pairs)
        {
            // B <- B - (B s)(B s)' / s'Bs + y y' / y's
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += b[i, j] * s[j];
                bs[i] = sum;
            }

            double sbs = Dot(s, bs), ys = Dot(y, s);
            if (!(sbs > 0)) continue;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    b[i, j] += y[i] * y[j] / ys - bs[i] * bs[j] / sbs;
        }

        return b;
    }

    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>(B v)_i.</summary>
    public static double RowTimes(double[,] b, int i, double[] v)
    {
        double sum = 0;
        for (int j = 0; j < v.Length; j++) sum += b[i, j] * v[j];
        return sum;
    }
}
