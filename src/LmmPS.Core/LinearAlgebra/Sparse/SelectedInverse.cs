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
    public static double[] Compute(SupernodalCholesky factor) => Compute(factor, null);

    /// <summary>S = L^-T W L^-1 on the pattern of L for a diagonal W &gt;= 0 (<paramref name="weights"/> per factored
    /// column; null is W = I, Z = A^-1): the weighted recurrence of docs/gradient.md section 3. S L = L^-T W is still
    /// upper triangular, so only the diagonal block changes: S_JJ = Linv' W_J Linv - S_RJ' U, the SYRK taking the rows
    /// of Linv scaled by sqrt(w).</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[] Compute(SupernodalCholesky factor, double[]? weights) => Compute(factor, weights, null);

    /// <summary>S = L^-T W L^-1 with W = diag(<paramref name="weights"/>) except on the last b factored columns, where
    /// it is the dense symmetric <paramref name="borderBlock"/> (b x b, column-major; a prior's weight on the [X y]
    /// border, Priors/PriorGradient). Why the recurrence still holds: S L = L^-T W, and column block J of L^-T W is
    /// L_JJ^-T W_JJ above and zero below as long as W does not couple two supernodes; the border, a dense clique kept
    /// last, lies in the last supernode (checked), which has no rows below it, so there S_JJ = Linv' W_JJ Linv with
    /// W_JJ = diag(weights) (+) borderBlock, and every earlier supernode keeps its diagonal weights.</summary>
    [MethodImpl(JitHints.Hot)]
    public static double[] Compute(SupernodalCholesky factor, double[]? weights, double[]? borderBlock,
        CancellationToken cancellationToken = default)
    {
        var sym = factor.Symbolic;
        var l = factor.Values;
        var z = new double[l.Length];
        var position = new int[sym.Order];
        var workspace = new SupernodeWorkspace(factor.MaxThreads) { Cancellation = cancellationToken };
        int border = borderBlock is null ? 0 : (int)Math.Round(Math.Sqrt(borderBlock.Length));
        if (borderBlock is not null)
        {
            int lastFirst = sym.First[sym.SupernodeCount - 1];
            if (border * border != borderBlock.Length || border > sym.Order || lastFirst > sym.Order - border)
                throw new InvalidOperationException($"The border weight block ({borderBlock.Length} values) must be square and its {border} columns must lie in the last supernode (columns {lastFirst} to {sym.Order - 1}).");
        }
        for (int s = sym.SupernodeCount - 1; s >= 0; s--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (borderBlock is not null && s == sym.SupernodeCount - 1)
            {
                LastWithBorder(factor, weights, borderBlock, border, z);
                continue;
            }
            int c = sym.Columns(s), height = sym.Height(s), m = height - c, r0 = sym.RowStarts[s] + c;
            int offset = (int)sym.Offsets[s];
            int width = SupernodeKernels.PaddedWidth(c);
            var inverse = workspace.Cleared(0, (long)c * c);
            TriangularInverse.InvertLower(l, offset, height, c, inverse, cancellationToken: cancellationToken);
            // Linv row by row (padded) as the right operand, and transposed (column-major Linv') for the SYRK.
            var inverseRows = workspace.Cleared(1, (long)c * width);
            var inverseTransposed = workspace.Cleared(2, (long)c * c);
            for (int j = 0; j < c; j++)
                for (int t = j; t < c; t++)
                {
                    inverseRows[t * width + j] = inverse[j * c + t];
                    inverseTransposed[t * c + j] = inverse[j * c + t];
                }
            if (weights is not null)
                for (int t = 0; t < c; t++)
                {
                    double w = weights[sym.First[s] + t];
                    if (w == 1.0) continue;
                    double root = Math.Sqrt(w);
                    for (int j = 0; j <= t; j++) inverseTransposed[t * c + j] *= root;
                }
            // -U = -L_RJ Linv (m x c, column-major).
            var negativeU = workspace.Cleared(3, (long)m * c);
            SupernodeKernels.SubtractProduct(l, offset + c, height, m, c, inverseRows, width, c, negativeU, 0, m, workspace);
            // C = -Linv' Linv, then C += U' Z_RJ below; Z_JJ = -C.
            var diagonal = workspace.Cleared(4, (long)c * c);
            // By panels of Linv' (upper triangular): panel k0.. is non-zero only in its first k0 + kb rows.
            for (int k0 = 0; k0 < c; k0 += 96)
            {
                int kb = Math.Min(96, c - k0);
                SymmetricRankUpdate.Apply(diagonal, 0, c, k0 + kb, inverseTransposed, k0 * c, c, kb, cancellationToken: cancellationToken);
            }
            if (m > 0)
            {
                var zrr = GatherTrailing(sym, z, r0, m, position, workspace.Cleared(6, (long)m * m));
                // Z_RJ = -Z_RR U straight into the block's rows below the diagonal block (still zero there): U by rows.
                var uRows = workspace.Cleared(5, (long)m * width);
                for (int j = 0; j < c; j++)
                    for (int a = 0; a < m; a++) uRows[a * width + j] = -negativeU[j * m + a];
                SupernodeKernels.SubtractProduct(zrr, 0, m, m, m, uRows, width, c, z, offset + c, height, workspace);
                // C -= (-U') Z_RJ: -U' is c x m column-major, Z_RJ by rows (reusing the U-by-rows buffer).
                var negativeUTransposed = workspace.Cleared(1, (long)c * m);
                for (int j = 0; j < c; j++)
                    for (int a = 0; a < m; a++) negativeUTransposed[a * c + j] = negativeU[j * m + a];
                var zrjRows = workspace.Cleared(5, (long)m * width);
                for (int j = 0; j < c; j++)
                    for (int a = 0; a < m; a++) zrjRows[a * width + j] = z[offset + j * height + c + a];
                SupernodeKernels.SubtractProduct(negativeUTransposed, 0, c, c, m, zrjRows, width, c, diagonal, 0, c, workspace);
            }
            for (int j = 0; j < c; j++)
                for (int i = j; i < c; i++)
                    z[offset + j * height + i] = -diagonal[j * c + i];
        }
        return z;
    }

    /// <summary>The last supernode J (no rows below it) with W_JJ = diag(weights) on its first columns and the dense
    /// border block on its last <paramref name="border"/>: Z_JJ = Linv' W_JJ Linv, formed as Linv' (W_JJ Linv).</summary>
    private static void LastWithBorder(SupernodalCholesky factor, double[]? weights, double[] borderBlock, int border, double[] z)
    {
        var sym = factor.Symbolic;
        int s = sym.SupernodeCount - 1, c = sym.Columns(s), height = sym.Height(s), first = c - border;
        int offset = (int)sym.Offsets[s];
        var inverse = new double[c * c];
        TriangularInverse.InvertLower(factor.Values, offset, height, c, inverse);
        // inverse[j * c + t] = Linv[t, j] (t >= j). M = W_JJ Linv, column by column: a diagonal row t < first is
        // w_t Linv[t, j] (zero above j); a border row mixes the border rows of Linv's column, which are non-zero from
        // max(first, j), so it is filled whatever its place against j.
        var product = new double[c * c];
        for (int j = 0; j < c; j++)
        {
            for (int t = j; t < first; t++)
                product[j * c + t] = (weights is null ? 1.0 : weights[sym.First[s] + t]) * inverse[j * c + t];
            for (int t = first; t < c; t++)
            {
                double sum = 0.0;
                for (int k = Math.Max(first, j); k < c; k++)
                    sum += borderBlock[(k - first) * border + (t - first)] * inverse[j * c + k];
                product[j * c + t] = sum;
            }
        }
        // Z_JJ[i, j] = sum_k Linv[k, i] M[k, j], lower triangle i >= j; Linv[k, i] is zero for k < i.
        for (int j = 0; j < c; j++)
            for (int i = j; i < c; i++)
            {
                double sum = 0.0;
                for (int k = i; k < c; k++) sum += inverse[i * c + k] * product[j * c + k];
                z[offset + j * height + i] = sum;
            }
    }

    /// <summary>Z_RR for the m rows R at RowIndices[r0 ..], both triangles, column-major: entry (a, b), a &gt;= b,
    /// lies in the column R[b] of a later supernode t, at R[a]'s place in t's rows (R[a..] is inside them: the rows
    /// of L below a column are a clique). R ascends, so the R[b] of one supernode come together and its row
    /// positions are looked up once.</summary>
    private static double[] GatherTrailing(SymbolicCholesky sym, double[] z, int r0, int m, int[] position, double[] zrr)
    {
        var rows = sym.RowIndices;
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
                zrr[b * m + a] = z[source + position[rows[r0 + a]]];
        }
        // The upper triangle by 32 x 32 tiles: a plain transposed write would miss the cache on every entry.
        const int tile = 32;
        for (int b0 = 0; b0 < m; b0 += tile)
            for (int a0 = b0; a0 < m; a0 += tile)
                for (int b = b0; b < Math.Min(m, b0 + tile); b++)
                    for (int a = Math.Max(a0, b + 1); a < Math.Min(m, a0 + tile); a++)
                        zrr[a * m + b] = zrr[b * m + a];
        return zrr;
    }

    /// <summary>Z[i, j] in the original numbering, for (i, j) on the pattern of L (0 elsewhere).</summary>
    public static double Entry(SupernodalCholesky factor, double[] z, int i, int j)
    {
        int position = Position(factor.Symbolic, i, j);
        return position < 0 ? 0.0 : z[position];
    }

    /// <summary>Where (i, j) of the original numbering (either order) lies in the factor's block layout, -1 off L's pattern.</summary>
    public static int Position(SymbolicCholesky sym, int i, int j)
    {
        var inverse = sym.InverseOrdering;
        int a = inverse[i], b = inverse[j];
        return SupernodeBlocks.Position(sym, Math.Max(a, b), Math.Min(a, b));
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
