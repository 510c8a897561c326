using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The entries of Z = A^-1 on the pattern of L (Takahashi, Fagan and Chin 1973; supernodal form as in
/// Lin et al.'s SelInv), stored in the factor's block layout: what the gradient's trace terms and the conditional
/// variances need, without a dense inverse.
/// <para>Derivation: Z L = L^-T, and L^-T is upper triangular. For a supernode with columns J and rows R below:
/// rows R of column block J give Z_RJ L_JJ + Z_RR L_RJ = 0, so Z_RJ = -Z_RR U with U = L_RJ L_JJ^-1; rows J give
/// Z_JJ L_JJ + Z_JR L_RJ = L_JJ^-T, so Z_JJ = L_JJ^-T L_JJ^-1 - Z_RJ' U. R is a clique of L's graph, so every entry
/// of Z_RR lies on L's pattern, in columns of later supernodes: going through the supernodes last to first, each
/// needs only what is already computed.</para></summary>
internal static class SelectedInverse
{
    /// <summary>Z on the pattern of L, in the layout of <see cref="SupernodalCholesky.Values"/> (factored numbering).</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[] Compute(SupernodalCholesky factor)
    {
        var sym = factor.Symbolic;
        var l = factor.Values;
        var z = new double[l.Length];
        var rows = sym.RowIndices;
        var position = new int[sym.Order];
        var workspace = new SupernodeWorkspace();
        for (int s = sym.SupernodeCount - 1; s >= 0; s--)
        {
            int c = sym.Columns(s), height = sym.Height(s), m = height - c, r0 = sym.RowStarts[s] + c;
            int offset = (int)sym.Offsets[s];
            var inverse = DenseTriangular.InvertLower(l, offset, height, c);
            // U = L_RJ L_JJ^-1 (m x c, column-major): column j is sum over t >= j of L_RJ[:, t] Linv[t, j].
            var u = new double[m * c];
            for (int j = 0; j < c; j++)
                for (int t = j; t < c; t++)
                    VectorOps.Axpy(inverse[j * c + t], l, offset + t * height + c, u, j * m, m);
            if (m > 0)
            {
                var zrr = GatherTrailing(sym, z, r0, m, position);
                // Z_RJ = -Z_RR U straight into the block's rows below the diagonal block (still zero there).
                // U transposed, rows padded to whole 4-column tiles (the kernel reads four columns at a time).
                int width = (c + SyrkMicroKernel.Columns - 1) / SyrkMicroKernel.Columns * SyrkMicroKernel.Columns;
                var ut = new double[m * width];
                for (int j = 0; j < c; j++)
                    for (int a = 0; a < m; a++) ut[a * width + j] = u[j * m + a];
                SupernodeKernels.SubtractProduct(zrr, m, ut, width, c, z, offset + c, height, workspace);
            }
            // Z_JJ = Linv' Linv - U' Z_RJ (lower triangle).
            for (int j = 0; j < c; j++)
                for (int i = j; i < c; i++)
                {
                    double sum = 0.0;
                    for (int t = i; t < c; t++) sum += inverse[i * c + t] * inverse[j * c + t];
                    sum -= VectorOps.Dot(u, i * m, z, offset + j * height + c, m);
                    z[offset + j * height + i] = sum;
                }
        }
        return z;
    }

    /// <summary>Z_RR for the m rows R at RowIndices[r0 ..], both triangles, column-major: entry (a, b), a &gt;= b,
    /// lies in the column R[b] of a later supernode t, at R[a]'s place in t's rows (R[a..] is inside them: the rows
    /// of L below a column are a clique). R ascends, so the R[b] of one supernode come together and its row
    /// positions are looked up once.</summary>
    private static double[] GatherTrailing(SymbolicCholesky sym, double[] z, int r0, int m, int[] position)
    {
        var rows = sym.RowIndices;
        var zrr = new double[m * m];
        int loaded = -1;
        for (int b = 0; b < m; b++)
        {
            int column = rows[r0 + b], t = sym.SupernodeOf[column];
            if (t != loaded)
            {
                for (int k = sym.RowStarts[t]; k < sym.RowStarts[t + 1]; k++) position[rows[k]] = k - sym.RowStarts[t];
                loaded = t;
            }
            int source = (int)sym.Offsets[t] + (column - sym.First[t]) * sym.Height(t);
            for (int a = b; a < m; a++)
            {
                double v = z[source + position[rows[r0 + a]]];
                zrr[b * m + a] = v;
                zrr[a * m + b] = v;
            }
        }
        return zrr;
    }

    /// <summary>Z[i, j] in the original numbering, for (i, j) on the pattern of L (0 elsewhere).</summary>
    public static double Entry(SupernodalCholesky factor, double[] z, int i, int j)
    {
        var inverse = factor.Symbolic.InverseOrdering;
        int a = inverse[i], b = inverse[j];
        return SupernodeBlocks.Entry(factor.Symbolic, z, Math.Max(a, b), Math.Min(a, b));
    }

    /// <summary>The diagonal of A^-1 in the original numbering (conditional variances up to scale).</summary>
    public static double[] Diagonal(SupernodalCholesky factor, double[] z)
    {
        var sym = factor.Symbolic;
        var diagonal = new double[sym.Order];
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            int offset = (int)sym.Offsets[s], height = sym.Height(s);
            for (int t = 0; t < sym.Columns(s); t++)
                diagonal[sym.Ordering[sym.First[s] + t]] = z[offset + t * height + t];
        }
        return diagonal;
    }
}
