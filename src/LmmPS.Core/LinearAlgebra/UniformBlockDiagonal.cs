using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>A block-diagonal matrix of equal k x k blocks, one per level of the first random-effects term: the
/// first diagonal block of the cross-product (Z1'Z1) and of L. It stays block-diagonal through the factorization,
/// so it is never stored densely. k = 1 is the diagonal case. Blocks are column-major k x k.</summary>
internal sealed class UniformBlockDiagonal
{
    public UniformBlockDiagonal(int blockCount, int blockSize)
    {
        BlockCount = blockCount;
        BlockSize = blockSize;
        Values = new double[blockCount * blockSize * blockSize];
    }

    public int BlockCount { get; }

    public int BlockSize { get; }

    /// <summary>Block b occupies Values[b*k*k .. (b+1)*k*k), column-major.</summary>
    public double[] Values { get; }

    /// <summary>Sets this to chol(T' A_b T + I) for every block b of <paramref name="a"/>, with T the k x k lower
    /// template (column-major). Always positive definite because of the identity.</summary>
    [MethodImpl(JitHints.Hot)]
    public void SetScaledFactor(UniformBlockDiagonal a, ReadOnlySpan<double> template)
    {
        int k = BlockSize, kk = k * k;
        if (k == 1)
        {
            double t2 = template[0] * template[0];
            var av = a.Values;
            for (int b = 0; b < BlockCount; b++)
                Values[b] = Math.Sqrt(t2 * av[b] + 1.0);
            return;
        }
        Span<double> at = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        for (int b = 0; b < BlockCount; b++)
        {
            int o = b * kk;
            // at = A_b T
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                {
                    double s = 0.0;
                    for (int m = c; m < k; m++)
                        s += a.Values[o + m * k + r] * template[c * k + m];
                    at[c * k + r] = s;
                }
            // Values_b = T' (A_b T) + I
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++)
                {
                    double s = r == c ? 1.0 : 0.0;
                    for (int m = r; m < k; m++)
                        s += template[r * k + m] * at[c * k + m];
                    Values[o + c * k + r] = s;
                }
            FactorSmall(Values, o, k);
        }
    }

    /// <summary>Sum over blocks of log det(L_b)^2.</summary>
    [MethodImpl(JitHints.Hot)]
    public double LogDeterminantSquared()
    {
        int k = BlockSize, kk = k * k;
        double s = 0.0;
        for (int b = 0; b < BlockCount; b++)
            for (int c = 0; c < k; c++)
                s += Math.Log(Values[b * kk + c * k + c]);
        return 2.0 * s;
    }

    /// <summary>Solves x := x L_b^-T for a row vector x of length k (stride apart in <paramref name="x"/>).</summary>
    [MethodImpl(JitHints.Hot)]
    public void SolveRowTransposed(int block, double[] x, int xo, int stride)
    {
        int k = BlockSize, o = block * k * k;
        for (int c = 0; c < k; c++)
        {
            double s = x[xo + c * stride];
            for (int m = 0; m < c; m++)
                s -= x[xo + m * stride] * Values[o + m * k + c];
            x[xo + c * stride] = s / Values[o + c * k + c];
        }
    }

    /// <summary>Solves L_b' x = rhs in place for the k-vector at x[xo].</summary>
    [MethodImpl(JitHints.Hot)]
    public void SolveTransposed(int block, double[] x, int xo)
    {
        int k = BlockSize, o = block * k * k;
        for (int c = k - 1; c >= 0; c--)
        {
            double s = x[xo + c];
            for (int m = c + 1; m < k; m++)
                s -= Values[o + c * k + m] * x[xo + m];
            x[xo + c] = s / Values[o + c * k + c];
        }
    }

    /// <summary>In-place Cholesky of a small k x k block at values[o]; the +I keeps it positive definite.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void FactorSmall(double[] v, int o, int k)
    {
        for (int j = 0; j < k; j++)
        {
            double d = v[o + j * k + j];
            for (int s = 0; s < j; s++)
                d -= v[o + s * k + j] * v[o + s * k + j];
            double l = Math.Sqrt(d);
            v[o + j * k + j] = l;
            for (int i = j + 1; i < k; i++)
            {
                double x = v[o + j * k + i];
                for (int s = 0; s < j; s++)
                    x -= v[o + s * k + i] * v[o + s * k + j];
                v[o + j * k + i] = x / l;
            }
            for (int i = 0; i < j; i++)
                v[o + j * k + i] = 0.0;
        }
    }
}
