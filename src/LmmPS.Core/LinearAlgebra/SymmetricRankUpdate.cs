namespace LmmPS.Core.LinearAlgebra;

/// <summary>C -= P P' on the lower triangle of a column-major C (the SYRK of BLAS), the step that dominates a
/// dense Cholesky. P is packed into 8-row and 4-row strips so the micro-kernel reads memory sequentially and
/// keeps an 8 x 4 block of C in registers. Entries of C above the diagonal inside a touched 8 x 4 block may be
/// overwritten with garbage: every caller treats C as lower-triangular.</summary>
internal static class SymmetricRankUpdate
{
    internal const int RowStrip = 8;
    internal const int ColStrip = 4;

    /// <summary>C[0:n, 0:n] -= P[0:n, 0:k] P[0:n, 0:k]' where C starts at c[cOffset] with leading dimension ldc and
    /// P at p[pOffset] with leading dimension ldp (both column-major).</summary>
    public static void Apply(double[] c, int cOffset, int ldc, int n, double[] p, int pOffset, int ldp, int k)
    {
        if (n <= 0 || k <= 0) return;
        int rowStrips = (n + RowStrip - 1) / RowStrip;
        int colStrips = (n + ColStrip - 1) / ColStrip;
        var packA = new double[rowStrips * RowStrip * k];
        var packB = new double[colStrips * ColStrip * k];
        Pack(p, pOffset, ldp, n, k, RowStrip, packA);
        Pack(p, pOffset, ldp, n, k, ColStrip, packB);

        Span<double> acc = stackalloc double[RowStrip * ColStrip];
        for (int u = 0; u < colStrips; u++)
        {
            int j0 = u * ColStrip;
            int jCount = Math.Min(ColStrip, n - j0);
            // Only row strips that reach the diagonal or below it.
            for (int s = j0 / RowStrip; s < rowStrips; s++)
            {
                int i0 = s * RowStrip;
                int iCount = Math.Min(RowStrip, n - i0);
                SyrkMicroKernel.Multiply(packA, s * RowStrip * k, packB, u * ColStrip * k, k, acc);
                for (int jj = 0; jj < jCount; jj++)
                {
                    int col = cOffset + (j0 + jj) * ldc + i0;
                    for (int ii = 0; ii < iCount; ii++)
                        c[col + ii] -= acc[jj * RowStrip + ii];
                }
            }
        }
    }

    /// <summary>Packs rows of P into strips of <paramref name="strip"/> rows: strip s holds, for t = 0..k-1, the
    /// values P[s*strip .. s*strip+strip, t] consecutively (zero-padded past row n).</summary>
    private static void Pack(double[] p, int pOffset, int ldp, int n, int k, int strip, double[] packed)
    {
        int strips = (n + strip - 1) / strip;
        for (int s = 0; s < strips; s++)
        {
            int i0 = s * strip;
            int count = Math.Min(strip, n - i0);
            int dst = s * strip * k;
            for (int t = 0; t < k; t++, dst += strip)
            {
                int src = pOffset + t * ldp + i0;
                for (int ii = 0; ii < count; ii++)
                    packed[dst + ii] = p[src + ii];
            }
        }
    }
}
