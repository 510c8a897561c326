using LmmPS.Core.Common;
using LmmPS.Core.Design;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// The marginal quantities the tests of fixed effects need, at one theta, in the space of the columns of
/// K = [Z X y] (never n x n). With V0 = I + Z Lambda Lambda' Z' (the marginal covariance of y over sigma^2) and
/// F = Lambda' Z'Z Lambda + I:
///
///     V0^-1 = I - Z Lambda F^-1 Lambda' Z'                         (Woodbury)
///     B  = K' V0^-1 K = A - (Lambda'A_ZK)' W,      W = F^-1 Lambda' A_ZK,   A = K'K
///     B2 = K' V0^-2 K = B - W'W                    (Lambda'Z'Z Lambda = F - I)
///     C  = X' V0^-1 X = B_XX = L_X L_X',           vcov(beta) = sigma^2 C^-1
///     Q  = K' P0 K = B - B_KX C^-1 B_XK,           P0 = V0^-1 - V0^-1 X C^-1 X' V0^-1
///
/// so Q_yy is the penalized RSS, Q_Zy = Z' r~ (r~ = P0 y the marginal residual) and Q_ZZ = Z' P0 Z.
/// Dense in q + p + 1: memory (q + p + 1)^2 doubles a few times and time ~ q^3 (see the README's scaling note).
/// Z columns are ordered term by term, level by level, k columns per level (the layout of u).
/// </summary>
internal sealed class MarginalMoments
{
    public MarginalMoments(ModelDesign design, IReadOnlyList<double> theta, CancellationToken cancellationToken = default)
    {
        Design = design;
        Theta = theta.ToArray();
        var terms = design.RandomTerms;
        TermOffsets = new int[terms.Count];
        Templates = new double[terms.Count][];
        int q = 0, thetaAt = 0;
        for (int t = 0; t < terms.Count; t++)
        {
            TermOffsets[t] = q;
            q += terms[t].Size;
            int k = terms[t].ColumnCount;
            var template = new double[k * k];
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++)
                    template[c * k + r] = Theta[thetaAt++];
            Templates[t] = template;
        }
        Q = q;
        P = design.FixedEffectCount;
        N = design.RowCount;
        int m = q + P + 1;
        long bytes = 8L * m * m * 6;
        MemoryGuard.EnsureAvailable(bytes, $"the dense {m} x {m} marginal cross-products of the tests of fixed effects");

        var a = CrossProduct(design, q, m);
        cancellationToken.ThrowIfCancellationRequested();
        var lta = LambdaTransposeTimes(a, m);                 // Lambda' A_ZK, q x m
        var f = Matrix<double>.Build.Dense(q, q);
        for (int r = 0; r < q; r++)
            for (int c = 0; c < q; c++)
                f[r, c] = lta[r, c];
        f = TimesLambda(f);                                   // Lambda' A_ZZ Lambda
        for (int i = 0; i < q; i++) f[i, i] += 1.0;
        cancellationToken.ThrowIfCancellationRequested();
        var chol = f.Cholesky();
        LogDetF = chol.DeterminantLn;
        cancellationToken.ThrowIfCancellationRequested();
        var w = chol.Solve(lta);                              // F^-1 Lambda' A_ZK
        _chol = chol;
        _w = w;
        cancellationToken.ThrowIfCancellationRequested();
        var b = a - lta.TransposeThisAndMultiply(w);
        Symmetrize(b);
        V0Inverse = b;

        var c0 = b.SubMatrix(q, P, q, P);
        var cholC = c0.Cholesky();
        LogDetC = cholC.DeterminantLn;
        CInverse = cholC.Solve(Matrix<double>.Build.DenseIdentity(P));
        Symmetrize(CInverse);
        var bkx = b.SubMatrix(0, m, q, P);
        var qm = b - bkx * CInverse * bkx.Transpose();
        Symmetrize(qm);
        Projected = qm;
        PenalizedRss = qm[m - 1, m - 1];
        Beta = CInverse * b.SubMatrix(q, P, m - 1, 1).Column(0);
    }

    public ModelDesign Design { get; }

    public double[] Theta { get; }

    /// <summary>Number of random effects.</summary>
    public int Q { get; }

    public int P { get; }

    public int N { get; }

    /// <summary>Where each term's columns start among the q columns of Z.</summary>
    public int[] TermOffsets { get; }

    /// <summary>Each term's template T, k x k column-major lower triangular.</summary>
    public double[][] Templates { get; }

    /// <summary>B = K' V0^-1 K.</summary>
    public Matrix<double> V0Inverse { get; }

    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> _chol;
    private readonly Matrix<double> _w;
    private Matrix<double>? _v0InverseSquared, _fInverse;

    /// <summary>B2 = K' V0^-2 K (formed on first use: only Kenward-Roger needs it).</summary>
    public Matrix<double> V0InverseSquared
    {
        get
        {
            if (_v0InverseSquared is null)
            {
                var b2 = V0Inverse - _w.TransposeThisAndMultiply(_w);
                Symmetrize(b2);
                _v0InverseSquared = b2;
            }
            return _v0InverseSquared;
        }
    }

    /// <summary>Q = K' P0 K.</summary>
    public Matrix<double> Projected { get; }

    /// <summary>F^-1 = (Lambda' Z'Z Lambda + I)^-1 (formed on first use).</summary>
    public Matrix<double> FInverse => _fInverse ??= _chol.Solve(Matrix<double>.Build.DenseIdentity(Q));

    /// <summary>(X' V0^-1 X)^-1 = (L_X L_X')^-1.</summary>
    public Matrix<double> CInverse { get; }

    public double PenalizedRss { get; }

    /// <summary>log det F = log det V0 (lme4's ldL2).</summary>
    public double LogDetF { get; }

    /// <summary>log det C (lme4's ldRX2).</summary>
    public double LogDetC { get; }

    /// <summary>The generalized least-squares beta at this theta (the fit's beta).</summary>
    public Vector<double> Beta { get; }

    public int XOffset => Q;

    public int YIndex => Q + P;

    /// <summary>A block of a K-space matrix: rows of Z (all q), columns of X.</summary>
    public Matrix<double> ZX(Matrix<double> k) => k.SubMatrix(0, Q, Q, P);

    public Matrix<double> ZZ(Matrix<double> k) => k.SubMatrix(0, Q, 0, Q);

    public Vector<double> ZY(Matrix<double> k) => k.SubMatrix(0, Q, YIndex, 1).Column(0);

    /// <summary>tr(V0^-2) = n - q + tr(F^-2) (from V0^-1 = I - Z Lambda F^-1 Lambda'Z' and Lambda'Z'Z Lambda = F - I).</summary>
    public double TraceV0InverseSquared()
    {
        double s = 0.0;
        for (int r = 0; r < Q; r++)
            for (int c = 0; c < Q; c++)
                s += FInverse[r, c] * FInverse[r, c];
        return N - Q + s;
    }

    internal static void Symmetrize(Matrix<double> m)
    {
        for (int r = 0; r < m.RowCount; r++)
            for (int c = 0; c < r; c++)
                m[r, c] = m[c, r] = 0.5 * (m[r, c] + m[c, r]);
    }

    /// <summary>A = K'K from the rows, Z sparse (one level per term per row).</summary>
    private Matrix<double> CrossProduct(ModelDesign design, int q, int m)
    {
        var a = new double[m * m];
        var terms = design.RandomTerms;
        int nz = terms.Sum(t => t.ColumnCount);
        var cols = new int[nz + P + 1];
        var vals = new double[nz + P + 1];
        for (int i = 0; i < N; i++)
        {
            int e = 0;
            for (int t = 0; t < terms.Count; t++)
            {
                var term = terms[t];
                int k = term.ColumnCount, start = TermOffsets[t] + term.LevelIndex[i] * k;
                for (int c = 0; c < k; c++)
                {
                    cols[e] = start + c;
                    vals[e++] = term.Z[i * k + c];
                }
            }
            for (int j = 0; j < P; j++)
            {
                cols[e] = q + j;
                vals[e++] = design.X[j * N + i];
            }
            cols[e] = q + P;
            vals[e++] = design.Response[i];
            for (int u = 0; u < e; u++)
            {
                double v = vals[u];
                if (v == 0.0) continue;
                int cu = cols[u] * m;
                for (int s = 0; s < e; s++)
                    a[cu + cols[s]] += v * vals[s];
            }
        }
        return Matrix<double>.Build.Dense(m, m, a);
    }

    /// <summary>Lambda' times the Z rows of a K-space matrix (q x m): each level block of term t becomes T' block.</summary>
    private Matrix<double> LambdaTransposeTimes(Matrix<double> a, int m)
    {
        var result = Matrix<double>.Build.Dense(Q, m);
        var terms = Design.RandomTerms;
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].ColumnCount;
            var tt = Templates[t];
            for (int level = 0; level < terms[t].LevelCount; level++)
            {
                int o = TermOffsets[t] + level * k;
                for (int r = 0; r < k; r++)           // (T' block)[r, :] = sum_i T[i, r] block[i, :], i >= r
                    for (int col = 0; col < m; col++)
                    {
                        double s = 0.0;
                        for (int i = r; i < k; i++)
                            s += tt[r * k + i] * a[o + i, col];
                        result[o + r, col] = s;
                    }
            }
        }
        return result;
    }

    /// <summary>M Lambda for a q x q M: each level block of columns of term t becomes block T.</summary>
    private Matrix<double> TimesLambda(Matrix<double> mat)
    {
        var result = Matrix<double>.Build.Dense(mat.RowCount, Q);
        var terms = Design.RandomTerms;
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].ColumnCount;
            var tt = Templates[t];
            for (int level = 0; level < terms[t].LevelCount; level++)
            {
                int o = TermOffsets[t] + level * k;
                for (int row = 0; row < mat.RowCount; row++)
                    for (int c = 0; c < k; c++)       // (block T)[row, c] = sum_i block[row, i] T[i, c], i >= c
                    {
                        double s = 0.0;
                        for (int i = c; i < k; i++)
                            s += mat[row, o + i] * tt[c * k + i];
                        result[row, o + c] = s;
                    }
            }
        }
        return result;
    }
}
