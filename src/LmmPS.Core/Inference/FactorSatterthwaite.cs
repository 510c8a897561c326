using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// Satterthwaite's ingredients (<see cref="VarianceParameterDerivatives"/>: the gradient and Hessian of lmerTest's
/// D(theta, sigma) and the Jacobian of vcov(beta)) for models whose random-effect terms are all scalar, from the
/// blocks of F = Lambda'Z'Z Lambda + I instead of the dense (q + p + 1)-square marginal moments: the same numbers,
/// in time ~ m^3 + m nnz(B) (m = the trailing block's size) instead of ~ q^3.
///
/// Notation (the dense class's, see <see cref="VarianceParameterDerivatives"/>): P = P0 (REML) or V0^-1 (ML),
/// M = Z'PZ, Q = Z'P0 Z, h = Z'P0 y, G = F^-1. For scalar terms Lambda = diag(theta_a I) and E_a = 2 theta_a I_a
/// (I_a the identity on term a's levels), E_aa = 2 I_a, so the dense formulas become
///
///     dD/dtheta_a             = 2 theta_a tr M_aa - 2 theta_a |h_a|^2 / sigma^2
///     d2D/dtheta_a dtheta_b   = -4 theta_a theta_b |M_ab|_F^2 + 8 theta_a theta_b h_b'Q_ba h_a / sigma^2
///                               + [a = b] (2 tr M_aa - 2 |h_a|^2 / sigma^2)
///     d2D/dtheta_a dsigma     = 4 theta_a |h_a|^2 / sigma^3
///     d vcov(beta)/dtheta_a   = sigma^2 C^-1 (2 theta_a bzx_a' bzx_a) C^-1,    bzx = Z'V0^-1 X.
///
/// Lambda-scaled blocks. Lambda A Lambda = F - I (A = Z'Z) and Woodbury V0^-1 = I - Z Lambda G Lambda'Z' give
///     Lambda Z'V0^-1 Z Lambda = (F - I) - (F - I) G (F - I) = I - G,
/// and Z'P0 Z = Z'V0^-1 Z - bzx C^-1 bzx', so with U = Lambda bzx L_C^-T (C = X'V0^-1 X = L_C L_C', q x p)
///     S^Q = Lambda Q Lambda = I - G - U U',     S^P = Lambda M Lambda = S^Q (REML) or I - G (ML).
/// Then theta_a theta_b |M_ab|^2 = |S^P_ab|^2 / (theta_a theta_b), theta_a tr M_aa = tr S^P_aa / theta_a and
/// theta_a theta_b h_b'Q_ba h_a = h_b' S^Q_ba h_a. Dividing by theta loses ~eps / theta^2 relative accuracy
/// (S^P_aa ~ theta_a^2 Z_a'P Z_a), so the route is taken only when every theta >= <see cref="MinimumTheta"/>.
/// The blocks of S, with d = [a = b]:
///     |S_ab|^2 = |d I - G_ab|^2 - 2 (d tr(U_a'U_a) - tr(U_b' (G U^(a))_b)) + tr(U_a'U_a U_b'U_b)
///     |d I - G_ab|^2 = d (n_a - 2 tr G_aa) + |G_ab|^2,    tr S_aa = n_a - tr G_aa - tr(U_a'U_a)
///     h_b' S^Q_ba h_a = d |h_a|^2 - h_b'(G h^(a))_b - (U_b'h_b)'(U_a'h_a)
/// (U^(a), h^(a): zero outside term a's rows; G U^(a) and G h^(a) are p + 1 solves with F per term).
///
/// The blocks of G. Order F with one scalar term first (the one with most levels; its block D is diagonal, each
/// row having one level) and the others, m levels in all, after it: F = [D B'; B F_T]. With S = F_T - B D^-1 B'
/// (the Schur complement, m x m dense, Cholesky S = L L'), R = S^-1 = L^-T L^-1 and K = B D^-1 (as sparse as B),
///     G_11 = D^-1 + K'R K,   G_T1 = -R K,   G_TT = R,
/// so with N = K K' (m x m) and RN = (R K) K', formed level by level of the first term (column l of R K costs m
/// per non-zero of B's column l, and adds m per non-zero to RN):
///     tr G_11   = tr D^-1 + tr(RN)
///     |G_11|^2  = tr D^-2 + 2 sum_l K_l'R K_l / D_l + tr(RN RN),   tr(RN RN) = sum_rc RN_rc RN_cr
///     |G_a1|^2  = sum_{r in a} (R N R)_rr = sum_{r in a} sum_c RN_rc R_rc     (a a later term)
///     |G_ab|^2  = |R_ab|^2,  tr G_aa = tr R_aa                                 (a, b later terms)
/// nothing of size q^2 or n1^2 (n1 = the first term's levels). A solve F x = b is x_T = R (b_T - K b_1),
/// x_1 = D^-1 b_1 - K' x_T. Z'V0^-1 X, h and y'P0 y come from row passes: V0^-1 v = v - Z Lambda G Lambda'Z'v.
/// </summary>
internal sealed class FactorSatterthwaite
{
    /// <summary>The smallest theta the route accepts (see the accuracy note above); below it the dense path is used.</summary>
    public const double MinimumTheta = 1e-3;

    /// <summary>The largest trailing block (levels of all terms but the largest) the route forms densely (m^2 doubles
    /// four times: 3.2 GB at this size); beyond it the dense path, which needs more, refuses with ModelTooLarge.</summary>
    public const int MaximumTrailing = 10000;

    /// <summary>Rows of R and RN per work item when RN is formed (2 x 256 x m doubles, ~4.7 MB at m = 1,159: in L3, and each axpy long enough to run at full width).</summary>
    private const int RowBlock = 256;

    private readonly ModelDesign _design;
    private readonly double[] _theta;
    private readonly int _nt, _p, _n, _n1, _m, _first;
    private readonly int[] _offset;          // where each term's levels start in the internal order (first term at 0)
    private readonly double[] _d;            // D, the first term's diagonal block of F
    private readonly int[] _bStart, _bRow;   // B = F_T1, m x n1, by columns (levels of the first term)
    private readonly double[] _bValue;
    private readonly double[] _r;            // R = S^-1, m x m column-major
    private readonly int[][] _levelIndex;    // each term's level per row, and its Z column (arrays, for the row passes)
    private readonly double[][] _z;

    // Per-term pieces, term order (= theta order).
    private readonly double[] _traceSq, _traceSp, _hh;
    private readonly double[,] _normSq, _normSp, _hSh;
    private readonly Matrix<double>[] _bzxGram;   // bzx_a' bzx_a, p x p

    public FactorSatterthwaite(ModelDesign design, IReadOnlyList<double> theta, CancellationToken cancellationToken = default)
    {
        _design = design;
        _theta = theta.ToArray();
        var terms = design.RandomTerms;
        _nt = terms.Count;
        _p = design.FixedEffectCount;
        _n = design.RowCount;
        _levelIndex = terms.Select(t => t.LevelIndex).ToArray();
        _z = terms.Select(t => t.Z).ToArray();
        _first = 0;
        for (int t = 1; t < _nt; t++)
            if (terms[t].LevelCount > terms[_first].LevelCount) _first = t;
        _n1 = terms[_first].LevelCount;
        _offset = new int[_nt];
        int at = _n1;
        for (int t = 0; t < _nt; t++)
        {
            if (t == _first) continue;
            _offset[t] = at;
            at += terms[t].LevelCount;
        }
        _m = at - _n1;
        int q = at;
        MemoryGuard.EnsureAvailable(8L * _m * _m * 4 + 8L * _m * _n1, $"the {_m} x {_m} trailing blocks of the tests of fixed effects");

        _d = new double[_n1];
        var ftt = new double[(long)_m * _m];
        (_bStart, _bRow, _bValue) = CrossBlocks(ftt);
        cancellationToken.ThrowIfCancellationRequested();
        _r = SchurInverse(ftt);
        cancellationToken.ThrowIfCancellationRequested();

        // C = X'V0^-1 X and beta from Lambda Z'X, Lambda Z'y (one row pass) and p + 1 solves.
        var (lztx, lzty, xtx, xty) = FirstRowPass(q);
        var gx = new double[_p][];
        for (int j = 0; j < _p; j++) gx[j] = Solve(lztx[j]);
        var c = Matrix<double>.Build.Dense(_p, _p, (i, j) => xtx[i, j] - Dot(lztx[i], gx[j]));
        MarginalMoments.Symmetrize(c);
        var cholC = FiniteMatrix.Require(c, "X'V0^-1 X").Cholesky();
        var gy = Solve(lzty);
        var rhs = Vector<double>.Build.Dense(_p, j => xty[j] - Dot(lztx[j], gy));
        CInverse = cholC.Solve(Matrix<double>.Build.DenseIdentity(_p));
        MarginalMoments.Symmetrize(CInverse);
        Beta = CInverse * rhs;
        cancellationToken.ThrowIfCancellationRequested();

        // h = Z'V0^-1 (y - X beta), y'P0 y = r'V0^-1 r, bzx = Z'V0^-1 X: row passes with G Lambda Z'r and G Lambda Z'X.
        var (h, rss) = Residual(q);
        PenalizedRss = rss;
        var bzx = V0InverseX(q, gx);
        // U = Lambda bzx L_C^-T: row i of U solves L_C u = (Lambda bzx)[i, :].
        var lc = cholC.Factor;
        var u = new double[_p][];
        for (int j = 0; j < _p; j++) u[j] = new double[q];
        var row = new double[_p];
        var termOf = new int[q];
        for (int t = 0; t < _nt; t++)
            for (int level = 0; level < terms[t].LevelCount; level++) termOf[_offset[t] + level] = t;
        for (int i = 0; i < q; i++)
        {
            double th = _theta[termOf[i]];
            for (int j = 0; j < _p; j++)
            {
                double s = th * bzx[j][i];
                for (int k = 0; k < j; k++) s -= lc[j, k] * row[k];
                row[j] = s / lc[j, j];
                u[j][i] = row[j];
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        _bzxGram = new Matrix<double>[_nt];
        var uu = new Matrix<double>[_nt];
        var uh = new double[_nt][];
        _hh = new double[_nt];
        for (int a = 0; a < _nt; a++)
        {
            int o = _offset[a], len = terms[a].LevelCount;
            _bzxGram[a] = Matrix<double>.Build.Dense(_p, _p, (i, j) => Dot(bzx[i], bzx[j], o, len));
            uu[a] = Matrix<double>.Build.Dense(_p, _p, (i, j) => Dot(u[i], u[j], o, len));
            uh[a] = Enumerable.Range(0, _p).Select(j => Dot(u[j], h, o, len)).ToArray();
            _hh[a] = Dot(h, h, o, len);
        }

        var (gTrace, gNormSq) = BlockNormsOfInverse();
        cancellationToken.ThrowIfCancellationRequested();

        // The cross terms with G: G U^(a) and G h^(a), restricted to term b's rows.
        var crossU = new double[_nt, _nt];
        var crossH = new double[_nt, _nt];
        for (int a = 0; a < _nt; a++)
        {
            int oa = _offset[a], la = terms[a].LevelCount;
            for (int j = 0; j < _p; j++)
            {
                var gu = Solve(Restricted(u[j], oa, la));
                for (int b = 0; b < _nt; b++) crossU[a, b] += Dot(u[j], gu, _offset[b], terms[b].LevelCount);
            }
            var gh = Solve(Restricted(h, oa, la));
            for (int b = 0; b < _nt; b++) crossH[a, b] = Dot(h, gh, _offset[b], terms[b].LevelCount);
            cancellationToken.ThrowIfCancellationRequested();
        }

        _traceSq = new double[_nt];
        _traceSp = new double[_nt];
        _normSq = new double[_nt, _nt];
        _normSp = new double[_nt, _nt];
        _hSh = new double[_nt, _nt];
        for (int a = 0; a < _nt; a++)
        {
            int na = terms[a].LevelCount;
            _traceSp[a] = na - gTrace[a];
            _traceSq[a] = _traceSp[a] - uu[a].Trace();
            for (int b = 0; b < _nt; b++)
            {
                double delta = a == b ? 1.0 : 0.0;
                double plain = delta * (na - 2.0 * gTrace[a]) + gNormSq[a, b];
                _normSp[a, b] = plain;
                _normSq[a, b] = plain - 2.0 * (delta * uu[a].Trace() - crossU[a, b]) + (uu[a] * uu[b]).Trace();
                _hSh[a, b] = delta * _hh[a] - crossH[a, b] - Dot(uh[a], uh[b]);
            }
        }
    }

    /// <summary>True when the model's terms allow this route: every term scalar, every theta &gt;= <see cref="MinimumTheta"/>.</summary>
    public static bool Applies(ModelDesign design, IReadOnlyList<double> theta)
    {
        if (design.RandomTerms.Count == 0 || design.FixedEffectCount == 0) return false;
        if (design.RandomTerms.Any(t => t.ColumnCount != 1)) return false;
        if (TrailingSize(design) > MaximumTrailing) return false;
        return theta.All(t => t >= MinimumTheta);
    }

    /// <summary>m, the levels of every term but the one with most levels (the dense block this route forms).</summary>
    public static int TrailingSize(ModelDesign design) =>
        design.RandomEffectCount - (design.RandomTerms.Count == 0 ? 0 : design.RandomTerms.Max(t => t.LevelCount));

    public Vector<double> Beta { get; }

    /// <summary>y'P0 y.</summary>
    public double PenalizedRss { get; }

    /// <summary>(X'V0^-1 X)^-1.</summary>
    public Matrix<double> CInverse { get; }

    /// <summary>The ingredients at (theta, sigma) for ML or REML, the same numbers as the dense class's.</summary>
    public VarianceParameterDerivatives Derivatives(EstimationMethod method, double sigma)
    {
        bool reml = method == EstimationMethod.REML;
        var norm = reml ? _normSq : _normSp;
        var trace = reml ? _traceSq : _traceSp;
        double s2 = sigma * sigma, r2 = PenalizedRss;
        double nPrime = reml ? _n - _p : _n;
        int nv = _nt + 1;
        var gradient = new double[nv];
        var hessian = Matrix<double>.Build.Dense(nv, nv);
        for (int a = 0; a < _nt; a++)
        {
            double ta = _theta[a];
            gradient[a] = 2.0 * trace[a] / ta - 2.0 * ta * _hh[a] / s2;
            hessian[a, _nt] = hessian[_nt, a] = 4.0 * ta * _hh[a] / (s2 * sigma);
            for (int b = 0; b <= a; b++)
            {
                double v = -4.0 * norm[a, b] / (ta * _theta[b]) + 8.0 * _hSh[a, b] / s2;
                if (a == b) v += 2.0 * trace[a] / (ta * ta) - 2.0 * _hh[a] / s2;
                hessian[a, b] = hessian[b, a] = v;
            }
        }
        gradient[_nt] = -2.0 * r2 / (s2 * sigma) + 2.0 * nPrime / sigma;
        hessian[_nt, _nt] = 6.0 * r2 / (s2 * s2) - 2.0 * nPrime / s2;
        var jacobian = new Matrix<double>[nv];
        for (int a = 0; a < _nt; a++)
            jacobian[a] = s2 * (CInverse * (2.0 * _theta[a] * _bzxGram[a]) * CInverse);
        jacobian[_nt] = 2.0 * sigma * CInverse;
        return new VarianceParameterDerivatives(sigma, gradient, hessian, jacobian, s2 * CInverse);
    }

    /// <summary>D, F_TT (into ftt) and B = F_T1 by columns, from the rows.</summary>
    private (int[] Start, int[] Row, double[] Value) CrossBlocks(double[] ftt)
    {
        var terms = _design.RandomTerms;
        double tf = _theta[_first];
        var zf = terms[_first].Z;
        var lf = terms[_first].LevelIndex;
        int others = _nt - 1;
        var keys = new long[(long)_n * others];
        var values = new double[keys.Length];
        int e = 0;
        for (int i = 0; i < _n; i++)
        {
            double z1 = zf[i];
            int l = lf[i];
            _d[l] += z1 * z1;
            for (int t = 0; t < _nt; t++)
            {
                if (t == _first) continue;
                int a = _offset[t] - _n1 + terms[t].LevelIndex[i];
                double zt = terms[t].Z[i] * _theta[t];
                keys[e] = (long)l * _m + a;
                values[e++] = zt * z1 * tf;
                for (int u = 0; u < _nt; u++)
                {
                    if (u == _first) continue;
                    int b = _offset[u] - _n1 + terms[u].LevelIndex[i];
                    ftt[(long)b * _m + a] += zt * terms[u].Z[i] * _theta[u];
                }
            }
        }
        for (int l = 0; l < _n1; l++) _d[l] = tf * tf * _d[l] + 1.0;
        for (int a = 0; a < _m; a++) ftt[(long)a * _m + a] += 1.0;
        Array.Sort(keys, values);
        var start = new int[_n1 + 1];
        var rowList = new List<int>();
        var valueList = new List<double>();
        for (int k = 0; k < e;)
        {
            long key = keys[k];
            double s = 0.0;
            while (k < e && keys[k] == key) s += values[k++];
            int l = (int)(key / _m);
            rowList.Add((int)(key % _m));
            valueList.Add(s);
            start[l + 1]++;
        }
        for (int l = 0; l < _n1; l++) start[l + 1] += start[l];
        return (start, rowList.ToArray(), valueList.ToArray());
    }

    /// <summary>R = (F_TT - B D^-1 B')^-1, m x m column-major, both triangles.</summary>
    private double[] SchurInverse(double[] s)
    {
        int m = _m;
        if (m == 0) return Array.Empty<double>();
        for (int l = 0; l < _n1; l++)
        {
            double w = 1.0 / _d[l];
            for (int x = _bStart[l]; x < _bStart[l + 1]; x++)
            {
                long col = (long)_bRow[x] * m;
                double v = w * _bValue[x];
                for (int y = _bStart[l]; y < _bStart[l + 1]; y++)
                    s[col + _bRow[y]] -= v * _bValue[y];
            }
        }
        if (!DenseCholesky.TryFactor(s, 0, m, m))
            throw new LmmException("InferenceNotFinite", LmmErrorCategory.InvalidResult,
                "The trailing block of Lambda'Z'Z Lambda + I is not numerically positive definite; the tests of fixed effects cannot be formed.");
        var linv = new double[(long)m * m];
        TriangularInverse.InvertLower(s, 0, m, m, linv);
        // R = Linv' Linv = sum_k Linv[k, :]' Linv[k, :] (LAPACK's lauum). With P = Linv' (column k of P is row k of
        // Linv, zero below row k) a panel of rows k0..k1-1 of Linv only touches R's leading k1 x k1 block, so
        // C -= P[0:k1, k0:k1] P[0:k1, k0:k1]' panel by panel from C = 0 gives -R in ~m^3/6 multiply-adds (a plain
        // SYRK of all of P would take m^3/2).
        ForTilesBelowDiagonal(m, (r, c) => (linv[c * m + r], linv[r * m + c]) = (linv[r * m + c], linv[c * m + r]));
        var result = new double[(long)m * m];
        const int Panel = 128;
        for (int k0 = 0; k0 < m; k0 += Panel)
        {
            int k1 = Math.Min(k0 + Panel, m);
            SymmetricRankUpdate.Apply(result, 0, m, k1, linv, k0 * m, m, k1 - k0);
        }
        for (int c = 0; c < m; c++) result[c * m + c] = -result[c * m + c];
        ForTilesBelowDiagonal(m, (r, c) => result[c * m + r] = result[r * m + c] = -result[c * m + r]);
        return result;
    }

    /// <summary>x = F^-1 b in the internal order.</summary>
    private double[] Solve(double[] b)
    {
        int m = _m;
        var c = new double[m];
        for (int a = 0; a < m; a++) c[a] = b[_n1 + a];
        for (int l = 0; l < _n1; l++)
        {
            double w = b[l] / _d[l];
            if (w == 0.0) continue;
            for (int e = _bStart[l]; e < _bStart[l + 1]; e++) c[_bRow[e]] -= _bValue[e] * w;
        }
        var x2 = new double[m];
        for (int col = 0; col < m; col++)
            if (c[col] != 0.0) VectorOps.Axpy(c[col], _r, col * m, x2, 0, m);
        var x = new double[b.Length];
        for (int a = 0; a < m; a++) x[_n1 + a] = x2[a];
        for (int l = 0; l < _n1; l++)
        {
            double s = b[l];
            for (int y = _bStart[l]; y < _bStart[l + 1]; y++) s -= _bValue[y] * x2[_bRow[y]];
            x[l] = s / _d[l];
        }
        return x;
    }

    /// <summary>Position of row i's level of term t in the internal order.</summary>
    private int Position(int t, int i) => _offset[t] + _levelIndex[t][i];

    private (double[][] LZtX, double[] LZty, double[,] XtX, double[] Xty) FirstRowPass(int q)
    {
        var terms = _design.RandomTerms;
        var x = _design.X;
        var y = _design.Response;
        var lztx = new double[_p][];
        for (int j = 0; j < _p; j++) lztx[j] = new double[q];
        var lzty = new double[q];
        var xtx = new double[_p, _p];
        var xty = new double[_p];
        for (int i = 0; i < _n; i++)
        {
            for (int t = 0; t < _nt; t++)
            {
                int pos = Position(t, i);
                double z = _z[t][i] * _theta[t];
                lzty[pos] += z * y[i];
                for (int j = 0; j < _p; j++) lztx[j][pos] += z * x[(long)j * _n + i];
            }
            for (int j = 0; j < _p; j++)
            {
                double xj = x[(long)j * _n + i];
                xty[j] += xj * y[i];
                for (int k = 0; k < _p; k++) xtx[j, k] += xj * x[(long)k * _n + i];
            }
        }
        return (lztx, lzty, xtx, xty);
    }

    /// <summary>(Z Lambda g)_i for a q-vector g in the internal order.</summary>
    private double ZLambda(double[] g, int i)
    {
        double s = 0.0;
        for (int t = 0; t < _nt; t++) s += _z[t][i] * _theta[t] * g[Position(t, i)];
        return s;
    }

    private void AddZt(double[] target, int i, double v)
    {
        for (int t = 0; t < _nt; t++) target[Position(t, i)] += _z[t][i] * v;
    }

    /// <summary>h = Z'V0^-1 r and r'V0^-1 r for r = y - X beta.</summary>
    private (double[] H, double Rss) Residual(int q)
    {
        var x = _design.X;
        var y = _design.Response;
        var r = new double[_n];
        var lztr = new double[q];
        var terms = _design.RandomTerms;
        for (int i = 0; i < _n; i++)
        {
            double v = y[i];
            for (int j = 0; j < _p; j++) v -= x[(long)j * _n + i] * Beta[j];
            r[i] = v;
            for (int t = 0; t < _nt; t++) lztr[Position(t, i)] += _z[t][i] * _theta[t] * v;
        }
        var g = Solve(lztr);
        var h = new double[q];
        double rss = 0.0;
        for (int i = 0; i < _n; i++)
        {
            double e = r[i] - ZLambda(g, i);
            rss += r[i] * e;
            AddZt(h, i, e);
        }
        return (h, rss);
    }

    /// <summary>Z'V0^-1 X, one q-vector per column of X, from G Lambda Z'X (gx).</summary>
    private double[][] V0InverseX(int q, double[][] gx)
    {
        var x = _design.X;
        var result = new double[_p][];
        for (int j = 0; j < _p; j++)
        {
            result[j] = new double[q];
            for (int i = 0; i < _n; i++)
                AddZt(result[j], i, x[(long)j * _n + i] - ZLambda(gx[j], i));
        }
        return result;
    }

    /// <summary>tr G_aa and |G_ab|_F^2 for every pair of terms (see the class comment).</summary>
    private (double[] Trace, double[,] NormSq) BlockNormsOfInverse()
    {
        int m = _m;
        var trace = new double[_nt];
        var norm = new double[_nt, _nt];
        double trDinv = 0.0, trDinv2 = 0.0, cross = 0.0;
        for (int l = 0; l < _n1; l++)
        {
            trDinv += 1.0 / _d[l];
            trDinv2 += 1.0 / (_d[l] * _d[l]);
        }
        // RN = (R K) K', level by level of the first term, one block of RowBlock rows at a time: a block's rows of R
        // and of RN (RowBlock x m each) stay in cache while every level passes over them, instead of streaming all of
        // R and RN from memory once per level. Blocks own their rows of RN, so they are shared between the cores
        // with no copies, and the per-block partial sums are added in block order (the same bits on any thread count).
        int blocks = (m + RowBlock - 1) / RowBlock;
        var rn = new double[m * m];
        var crossParts = new double[blocks];
        bool parallel = (long)m * _bRow.Length >= SymmetricRankUpdate.ParallelWork;
        KernelParallelism.For(blocks, parallel ? KernelOptions.Default.MaxThreads : 1, block =>
        {
            int r0 = block * RowBlock, rb = Math.Min(RowBlock, m - r0);
            var v = new double[rb];
            double crossPart = 0.0;
            for (int l = 0; l < _n1; l++)
            {
                int from = _bStart[l], to = _bStart[l + 1];
                if (from == to) continue;
                double w = 1.0 / _d[l];
                Array.Clear(v, 0, rb);
                for (int x = from; x < to; x++)                   // v = (R K_l)[r0 : r0 + rb]
                    VectorOps.Axpy(_bValue[x] * w, _r, _bRow[x] * m + r0, v, 0, rb);
                double quad = 0.0;
                for (int x = from; x < to; x++)                   // RN[r0 : r0 + rb, b] += K[b, l] v
                {
                    double k = _bValue[x] * w;
                    int b = _bRow[x];
                    if (b >= r0 && b < r0 + rb) quad += k * v[b - r0];
                    VectorOps.Axpy(k, v, 0, rn, b * m + r0, rb);
                }
                crossPart += quad * w;
            }
            crossParts[block] = crossPart;
        });
        for (int block = 0; block < blocks; block++) cross += crossParts[block];
        double trRn = 0.0, trRnRn = 0.0;
        const int Tile = 32;                                       // tr(RN RN) = sum_rc RN_rc RN_cr, tile by tile
        for (int c0 = 0; c0 < m; c0 += Tile)
            for (int r0 = 0; r0 < m; r0 += Tile)
                for (int c = c0; c < Math.Min(c0 + Tile, m); c++)
                    for (int r = r0; r < Math.Min(r0 + Tile, m); r++)
                        trRnRn += rn[c * m + r] * rn[r * m + c];
        for (int c = 0; c < m; c++) trRn += rn[c * m + c];
        var terms = _design.RandomTerms;
        trace[_first] = trDinv + trRn;
        norm[_first, _first] = trDinv2 + 2.0 * cross + trRnRn;
        for (int a = 0; a < _nt; a++)
        {
            if (a == _first) continue;
            int oa = _offset[a] - _n1, la = terms[a].LevelCount;
            double s = 0.0, tr = 0.0;                             // sum_{r in a} (R N R)_rr = sum_c sum_{r in a} RN_rc R_rc
            for (int c = 0; c < m; c++) s += VectorOps.Dot(rn, c * m + oa, _r, c * m + oa, la);
            for (int r = oa; r < oa + la; r++) tr += _r[r * m + r];
            norm[a, _first] = norm[_first, a] = s;
            trace[a] = tr;
            for (int b = 0; b < _nt; b++)
            {
                if (b == _first) continue;
                int ob = _offset[b] - _n1, lb = terms[b].LevelCount;
                double f = 0.0;
                for (int c = ob; c < ob + lb; c++)
                    for (int r = oa; r < oa + la; r++)
                    {
                        double g = _r[(long)c * m + r];
                        f += g * g;
                    }
                norm[a, b] = f;
            }
        }
        return (trace, norm);
    }

    /// <summary>body(r, c) for every r &gt; c of an m x m matrix, 32 x 32 tiles at a time (a transpose's strided
    /// reads and writes then stay in cache).</summary>
    private static void ForTilesBelowDiagonal(int m, Action<int, int> body)
    {
        const int Tile = 32;
        for (int c0 = 0; c0 < m; c0 += Tile)
            for (int r0 = c0; r0 < m; r0 += Tile)
                for (int c = c0; c < Math.Min(c0 + Tile, m); c++)
                    for (int r = Math.Max(r0, c + 1); r < Math.Min(r0 + Tile, m); r++)
                        body(r, c);
    }

    private static double[] Restricted(double[] v, int offset, int length)
    {
        var r = new double[v.Length];
        Array.Copy(v, offset, r, offset, length);
        return r;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Dot(double[] a, double[] b, int offset, int length)
    {
        double s = 0.0;
        for (int i = offset; i < offset + length; i++) s += a[i] * b[i];
        return s;
    }

}
