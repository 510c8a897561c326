using LmmPS.Core.Common;

namespace LmmPS.Core.Design.Transforms;

/// <summary>R's <c>poly(x, k)</c>: orthogonal polynomials over the data rows (repeated values count), each column of
/// unit Euclidean norm with a positive leading coefficient. R finds them by a QR decomposition of the centred powers and
/// records the three-term recurrence they satisfy (<c>alpha</c>, <c>norm2</c>) so predict() can rebuild them at new x.
/// Here the recurrence coefficients are found directly by the Stieltjes procedure (the same polynomials: monic,
/// orthogonal over the rows) and both the fit's columns and new rows' come from the one recurrence
/// (FORMULA_FEATURES.md): Z0 = 1, Z1 = x - alpha1, Z(j+1) = (x - alpha(j+1)) Zj - (norm2(j+2) / norm2(j+1)) Z(j-1),
/// column j = Zj / sqrt(norm2(j+2)) (1-based alpha and norm2, norm2 = c(1, n, |Z1|^2, ..., |Zk|^2)).</summary>
internal static class OrthogonalPolynomial
{
    /// <summary>alpha (k values) and norm2 (k + 2 values) of degree <paramref name="degree"/> over <paramref name="x"/>.</summary>
    public static (double[] Alpha, double[] Norm2) Fit(double[] x, int degree, string label)
    {
        int n = x.Length;
        int distinct = x.Distinct().Count();
        if (degree >= distinct)
            throw new LmmException("PolyDegreeTooHigh", LmmErrorCategory.InvalidData,
                $"'{label}' asks for degree {degree}, but the variable has only {distinct} distinct value(s) in the data: the degree must be less than that (R: 'degree' must be less than number of unique points).");
        var alpha = new double[degree];
        var norm2 = new double[degree + 2];
        norm2[0] = 1;
        var previous = new double[n];
        var current = new double[n];
        for (int i = 0; i < n; i++) current[i] = 1.0;
        double currentNorm = n;
        norm2[1] = n;
        for (int j = 0; j < degree; j++)
        {
            double weighted = 0;
            for (int i = 0; i < n; i++) weighted += x[i] * current[i] * current[i];
            alpha[j] = weighted / currentNorm;
            double ratio = j == 0 ? 0 : currentNorm / norm2[j];
            var next = new double[n];
            double nextNorm = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] = (x[i] - alpha[j]) * current[i] - ratio * previous[i];
                nextNorm += next[i] * next[i];
            }
            previous = current;
            current = next;
            currentNorm = nextNorm;
            norm2[j + 2] = nextNorm;
        }
        return (alpha, norm2);
    }

    /// <summary>The k columns at <paramref name="x"/> (NaN stays NaN) from the recurrence's coefficients.</summary>
    public static double[][] Columns(double[] x, IReadOnlyList<double> alpha, IReadOnlyList<double> norm2)
    {
        int n = x.Length, degree = alpha.Count;
        var columns = new double[degree][];
        var previous = new double[n];
        var current = new double[n];
        for (int i = 0; i < n; i++) current[i] = 1.0;
        for (int j = 0; j < degree; j++)
        {
            double ratio = j == 0 ? 0 : norm2[j + 1] / norm2[j];
            var next = new double[n];
            for (int i = 0; i < n; i++)
                next[i] = (x[i] - alpha[j]) * current[i] - ratio * previous[i];
            double scale = Math.Sqrt(norm2[j + 2]);
            columns[j] = new double[n];
            for (int i = 0; i < n; i++)
                columns[j][i] = next[i] / scale;
            previous = current;
            current = next;
        }
        return columns;
    }
}
