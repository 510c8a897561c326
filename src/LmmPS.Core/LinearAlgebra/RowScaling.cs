using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>Lambda restricted to a range of rows (the later random-effects terms, then unscaled fixed-effect and
/// response rows): per row, which template applies. Multiplying by Lambda' mixes only the k consecutive rows of
/// one level of one term.</summary>
internal sealed class RowScaling
{
    /// <param name="termOfRow">Template index per row, -1 for a row that is not scaled (X and y).</param>
    /// <param name="termSizes">k per template.</param>
    public RowScaling(int[] termOfRow, int[] termSizes)
    {
        TermOfRow = termOfRow;
        TermSizes = termSizes;
        Templates = termSizes.Select(k => new double[k * k]).ToArray();
        AllScalar = termSizes.All(k => k == 1);
        ScalarFactor = new double[termOfRow.Length];
    }

    public int[] TermOfRow { get; }

    public int[] TermSizes { get; }

    /// <summary>Current k x k column-major lower template per term.</summary>
    public double[][] Templates { get; }

    /// <summary>True when every term has k = 1, so Lambda is diagonal here and <see cref="ScalarFactor"/> is used.</summary>
    public bool AllScalar { get; }

    /// <summary>Per row: the template's single value (k = 1 terms), 1 for unscaled rows.</summary>
    public double[] ScalarFactor { get; }

    /// <summary>Refreshes <see cref="ScalarFactor"/> after <see cref="Templates"/> changed.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Refresh()
    {
        for (int r = 0; r < TermOfRow.Length; r++)
        {
            int t = TermOfRow[r];
            ScalarFactor[r] = t < 0 ? 1.0 : TermSizes[t] == 1 ? Templates[t][0] : double.NaN;
        }
    }

    /// <summary>x := Lambda' x for the entries x[xo + p*stride], p = 0..count-1, whose rows are rows[ro + p]; the
    /// rows of one level of a vector term must be consecutive (they are: patterns hold whole level groups).</summary>
    [MethodImpl(JitHints.Hot)]
    public void ApplyTransposeToSparse(int[] rows, int ro, int count, double[] x, int xo, int stride = 1)
    {
        for (int p = 0; p < count;)
        {
            int row = rows[ro + p];
            int t = TermOfRow[row];
            if (t < 0) { p++; continue; }
            int k = TermSizes[t];
            if (k == 1)
            {
                x[xo + p * stride] *= Templates[t][0];
                p++;
                continue;
            }
            ApplyGroup(Templates[t], k, x, xo + p * stride, stride);
            p += k;
        }
    }

    /// <summary>x[xo + r*stride] := sum_{m >= r} T[m, r] x[xo + m*stride] for r = 0..k-1 (x := T' x).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void ApplyGroup(double[] template, int k, double[] x, int xo, int stride)
    {
        for (int r = 0; r < k; r++)
        {
            double s = 0.0;
            for (int m = r; m < k; m++)
                s += template[r * k + m] * x[xo + m * stride];
            x[xo + r * stride] = s;
        }
    }
}
