namespace LmmPS.Core.Profiling;

/// <summary>The standard-deviation / correlation scale lme4 profiles on, for one term's k x k lower-triangular
/// template T (column-major, Cov = sigma^2 T T'): SD_r = sigma ||row r of T||, cor_rc = (T T')_rc / (||row r|| ||row c||).
/// And back: a template from relative SDs and a correlation matrix, by a Cholesky factorisation that accepts the
/// zero pivots of a correlation at +-1.</summary>
internal static class SdCorScale
{
    /// <summary>Below this a squared pivot counts as zero (a singular correlation matrix), not as negative.</summary>
    private const double PivotTolerance = 1e-12;

    public static double RowNorm(double[] template, int k, int row)
    {
        double s = 0.0;
        for (int c = 0; c <= row; c++)
            s += template[c * k + row] * template[c * k + row];
        return Math.Sqrt(s);
    }

    /// <summary>The correlation of rows r and c of T T'; NaN when either row is zero.</summary>
    public static double Correlation(double[] template, int k, int r, int c)
    {
        double nr = RowNorm(template, k, r), nc = RowNorm(template, k, c);
        if (nr == 0.0 || nc == 0.0) return double.NaN;
        double s = 0.0;
        for (int i = 0; i <= Math.Min(r, c); i++)
            s += template[i * k + r] * template[i * k + c];
        return Math.Max(-1.0, Math.Min(1.0, s / (nr * nc)));
    }

    /// <summary>T = chol(D R D) for relative SDs D and correlations R (k x k row-major, unit diagonal).
    /// Returns false when R is not positive semi-definite.</summary>
    public static bool TemplateFrom(double[] sds, double[] correlation, int k, double[] template)
    {
        Array.Clear(template, 0, k * k);
        // Factor R = C C' first (scale-free, so the tolerance means the same for every term), then T = D C.
        var c = new double[k * k];
        for (int col = 0; col < k; col++)
        {
            double d = correlation[col * k + col];
            for (int i = 0; i < col; i++)
                d -= c[i * k + col] * c[i * k + col];
            if (d < -PivotTolerance)
                return false;
            if (d <= PivotTolerance)
            {
                // A zero pivot: the rows below must not need this column either, or R is indefinite.
                for (int row = col + 1; row < k; row++)
                {
                    double s = correlation[row * k + col];
                    for (int i = 0; i < col; i++)
                        s -= c[i * k + row] * c[i * k + col];
                    if (Math.Abs(s) > 1e-9)
                        return false;
                }
                continue;
            }
            double pivot = Math.Sqrt(d);
            c[col * k + col] = pivot;
            for (int row = col + 1; row < k; row++)
            {
                double s = correlation[row * k + col];
                for (int i = 0; i < col; i++)
                    s -= c[i * k + row] * c[i * k + col];
                c[col * k + row] = s / pivot;
            }
        }
        for (int col = 0; col < k; col++)
            for (int row = col; row < k; row++)
                template[col * k + row] = sds[row] * c[col * k + row];
        return true;
    }
}
