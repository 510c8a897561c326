namespace LmmPS.Core.Scaling;

/// <summary>The lower-triangular k x k matrix M of one random-effects term's reparametrisation Z' = Z M (see
/// <see cref="DesignScaling"/>), stored row-major, and the maps it induces on the term's template columns.</summary>
internal static class TermTransform
{
    /// <summary>A column whose part orthogonal to the later columns is below this fraction of its norm is treated as
    /// dependent on them: the term then only gets its columns scaled (the identifiability check reports it).</summary>
    private const double DependentFraction = 1e-10;

    /// <summary>M = D sqrt(n) L^-1, where D scales each column by its largest magnitude (so no square under- or
    /// overflows) and Z D = Q L is a QL factorisation by modified Gram-Schmidt from the last column back, each
    /// projection done twice (one re-orthogonalisation keeps Q orthogonal to working precision). Identity when every
    /// column is already well scaled and centred.</summary>
    public static double[] For(double[] z, int n, int k)
    {
        var m = new double[k * k];
        bool bad = false;
        for (int c = 0; c < k; c++)
            bad |= DesignScaling.IsBadColumn(z, c, k, n, DesignScaling.SlopeRange, DesignScaling.SlopeRange);
        for (int c = 0; c < k; c++) m[c * k + c] = 1.0;
        if (!bad) return m;

        var d = new double[k];
        var cols = new double[k][];
        for (int c = 0; c < k; c++)
        {
            double big = 0.0;
            for (int i = 0; i < n; i++) big = Math.Max(big, Math.Abs(z[i * k + c]));
            d[c] = big > 0 && !double.IsInfinity(big) ? 1.0 / big : 1.0;
            cols[c] = new double[n];
            for (int i = 0; i < n; i++) cols[c][i] = z[i * k + c] * d[c];
        }
        var q = new double[k][];
        var l = new double[k * k];
        for (int j = k - 1; j >= 0; j--)
        {
            var v = (double[])cols[j].Clone();
            double norm0 = Math.Sqrt(Dot(v, v));
            for (int pass = 0; pass < 2; pass++)
                for (int i = k - 1; i > j; i--)
                {
                    double r = Dot(q[i], v);
                    for (int t = 0; t < n; t++) v[t] -= r * q[i][t];
                    l[i * k + j] += r;
                }
            double norm = Math.Sqrt(Dot(v, v));
            if (!(norm > DependentFraction * norm0))
            {
                // Dependent columns: scale only.
                Array.Clear(m, 0, m.Length);
                for (int c = 0; c < k; c++) m[c * k + c] = d[c];
                return m;
            }
            l[j * k + j] = norm;
            for (int t = 0; t < n; t++) v[t] /= norm;
            q[j] = v;
        }
        // M = D sqrt(n) L^-1: solve L X = sqrt(n) I column by column (forward substitution, X lower triangular).
        double rootN = Math.Sqrt(n);
        var inv = new double[k * k];
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
            {
                double s = r == c ? rootN : 0.0;
                for (int t = c; t < r; t++) s -= l[r * k + t] * inv[t * k + c];
                inv[r * k + c] = s / l[r * k + r];
            }
        for (int r = 0; r < k; r++)
            for (int c = 0; c <= r; c++)
                m[r * k + c] = d[r] * inv[r * k + c];
        return m;
    }

    /// <summary>The diagonal M = D (each column divided by its largest magnitude) when some column's spread is outside
    /// [1/10, 10], else the identity: a map that keeps every SD and correlation of the term a coordinate.</summary>
    public static double[] ScaleOnly(double[] z, int n, int k)
    {
        var m = new double[k * k];
        bool bad = false;
        for (int c = 0; c < k; c++)
        {
            m[c * k + c] = 1.0;
            bad |= DesignScaling.IsBadColumn(z, c, k, n, double.PositiveInfinity, DesignScaling.SlopeRange);
        }
        if (!bad) return m;
        for (int c = 0; c < k; c++)
        {
            double big = 0.0;
            for (int i = 0; i < n; i++) big = Math.Max(big, Math.Abs(z[i * k + c]));
            m[c * k + c] = big > 0 && !double.IsInfinity(big) ? 1.0 / big : 1.0;
        }
        return m;
    }

    /// <summary>Z' = Z M for a row-major n x k term matrix.</summary>
    public static double[] Apply(double[] z, int n, int k, double[] m)
    {
        bool identity = true;
        for (int r = 0; r < k && identity; r++)
            for (int c = 0; c < k; c++)
                if (m[r * k + c] != (r == c ? 1.0 : 0.0)) { identity = false; break; }
        if (identity) return z;
        var result = new double[z.Length];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                double s = 0.0;
                for (int l = c; l < k; l++) s += z[i * k + l] * m[l * k + c];
                result[i * k + c] = s;
            }
        return result;
    }

    /// <summary>output = M[c:,c:] input (template column c, rows c..k-1).</summary>
    public static void MultiplyColumn(double[] m, int k, int c, double[] input, double[] output)
    {
        for (int r = c; r < k; r++)
        {
            double s = 0.0;
            for (int l = c; l <= r; l++) s += m[r * k + l] * input[l - c];
            output[r - c] = s;
        }
    }

    /// <summary>Solves M[c:,c:] output = input (forward substitution).</summary>
    public static void SolveColumn(double[] m, int k, int c, double[] input, double[] output)
    {
        for (int r = c; r < k; r++)
        {
            double s = input[r - c];
            for (int l = c; l < r; l++) s -= m[r * k + l] * output[l - c];
            output[r - c] = s / m[r * k + r];
        }
    }

    /// <summary>Solves M[c:,c:]' output = input (back substitution).</summary>
    public static void SolveTransposedColumn(double[] m, int k, int c, double[] input, double[] output)
    {
        for (int r = k - 1; r >= c; r--)
        {
            double s = input[r - c];
            for (int l = r + 1; l < k; l++) s -= m[l * k + r] * output[l - c];
            output[r - c] = s / m[r * k + r];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
