namespace LmmPS.Core.Priors;

/// <summary>Cholesky of a small dense symmetric matrix (p x p, p the number of fixed effects) with the solves the prior
/// needs. Column-major, full storage; everything is O(p^3) or less, which is why the prior never refactors the model.</summary>
internal sealed class SymmetricPositiveDefinite
{
    private readonly int _n;
    private readonly double[] _l;

    private SymmetricPositiveDefinite(int n, double[] l)
    {
        _n = n;
        _l = l;
    }

    public int Size => _n;

    /// <summary>Factors a (only its lower triangle is read); null when a pivot is not positive or not finite.</summary>
    public static SymmetricPositiveDefinite? TryFactor(double[] a, int n)
    {
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= l[k * n + j] * l[k * n + j];
            if (!(d > 0) || double.IsInfinity(d))
                return null;
            double ljj = Math.Sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[j * n + i];
                for (int k = 0; k < j; k++) s -= l[k * n + i] * l[k * n + j];
                l[j * n + i] = s / ljj;
            }
        }
        return new SymmetricPositiveDefinite(n, l);
    }

    /// <summary>log det A = 2 sum log L_ii.</summary>
    public double LogDeterminant()
    {
        double s = 0.0;
        for (int i = 0; i < _n; i++) s += Math.Log(_l[i * _n + i]);
        return 2.0 * s;
    }

    /// <summary>A^-1 b (a new array).</summary>
    public double[] Solve(IReadOnlyList<double> b)
    {
        var x = b.ToArray();
        for (int i = 0; i < _n; i++)
        {
            double s = x[i];
            for (int k = 0; k < i; k++) s -= _l[k * _n + i] * x[k];
            x[i] = s / _l[i * _n + i];
        }
        for (int i = _n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int k = i + 1; k < _n; k++) s -= _l[i * _n + k] * x[k];
            x[i] = s / _l[i * _n + i];
        }
        return x;
    }

    /// <summary>A^-1, full column-major storage.</summary>
    public double[] Inverse()
    {
        var inv = new double[_n * _n];
        var e = new double[_n];
        for (int j = 0; j < _n; j++)
        {
            Array.Clear(e, 0, _n);
            e[j] = 1.0;
            var col = Solve(e);
            Array.Copy(col, 0, inv, j * _n, _n);
        }
        return inv;
    }
}
