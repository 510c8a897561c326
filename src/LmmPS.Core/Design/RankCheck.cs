namespace LmmPS.Core.Design;

/// <summary>
/// lme4's check of the fixed-effects matrix (chkRank.drop.cols): R's qr() with tol = 1e-7 walks the columns in
/// order and moves to the end every column whose norm, after removing its projection on the columns kept so far,
/// is below 1e-7 times its original norm (an all-zero column is compared with 1e-7 itself); lme4 then drops the
/// moved columns. This does the same walk with Gram-Schmidt against an orthonormal basis of the kept columns.
/// </summary>
internal static class RankCheck
{
    public const double Tolerance = 1e-7;

    /// <summary>Indices (in order) of the columns to keep.</summary>
    public static List<int> KeptColumns(IReadOnlyList<double[]> columns)
    {
        var kept = new List<int>();
        var basis = new List<double[]>();
        for (int j = 0; j < columns.Count; j++)
        {
            double[] residual = (double[])columns[j].Clone();
            double originalNorm = Norm(residual);
            // Two passes: one pass of Gram-Schmidt loses orthogonality when a column is nearly in the span.
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (var q in basis)
                {
                    double dot = Dot(q, residual);
                    for (int i = 0; i < residual.Length; i++)
                        residual[i] -= dot * q[i];
                }
            }
            double residualNorm = Norm(residual);
            double reference = originalNorm == 0 ? 1.0 : originalNorm;
            if (residualNorm < Tolerance * reference || residualNorm == 0)
                continue;
            for (int i = 0; i < residual.Length; i++)
                residual[i] /= residualNorm;
            basis.Add(residual);
            kept.Add(j);
        }
        return kept;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
