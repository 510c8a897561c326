using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// Satterthwaite's ingredients (<see cref="VarianceParameterDerivatives"/>: the gradient and Hessian of lmerTest's
/// D(theta, sigma) and the Jacobian of vcov(beta)) for models whose random-effect terms are all scalar, from the
/// model's blocked factor L at theta instead of the dense (q + p + 1)-square marginal moments: the same numbers, in
/// time ~ m^3 + m nnz(B) (m = the later terms' levels) instead of ~ q^3.
///
/// Notation (the dense class's, see <see cref="VarianceParameterDerivatives"/>): P = P0 (REML) or V0^-1 (ML),
/// M = Z'PZ, Q = Z'P0 Z, h = Z'P0 y, G = F^-1 with F = Lambda'Z'Z Lambda + I. For scalar terms Lambda = diag(theta_a I)
/// and E_a = 2 theta_a I_a (I_a the identity on term a's levels), E_aa = 2 I_a, so the dense formulas become
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
/// What the factor gives without a pass over the rows. L over [Z Lambda, X, y] has L_ZZ L_ZZ' = F, L_ZZ L_XZ' =
/// Lambda Z'X, L_ZZ l_yZ = Lambda Z'y, L_X L_X' = X'V0^-1 X = C, and the back-substitution L' [u; beta] = l_y gives
/// beta and the spherical conditional modes u = G Lambda Z'(y - X beta) (ModelSolution). Then
///     Lambda bzx = Lambda Z'X - Lambda Z'Z Lambda G Lambda Z'X = (I - (F - I) G) Lambda Z'X = G Lambda Z'X
///                = L_ZZ^-T L_XZ'                                        (p back-substitutions),
///     Lambda h   = Lambda Z'V0^-1 (y - X beta) = G Lambda Z'(y - X beta) = u,
/// so bzx_a = (L_ZZ^-T L_XZ')_a / theta_a and h_a = u_a / theta_a, and y'P0 y is the factor's pwrss.
///
/// The blocks of G. The first term (term 0 of the factor; its block D of F is diagonal, each row having one level)
/// and the later ones, m levels in all: F = [D B'; B F_T]. With S = F_T - B D^-1 B' (the Schur complement: the factor's
/// leading m x m trailing block L_S is its Cholesky factor), R = S^-1 = L_S^-T L_S^-1 and K = B D^-1 (as sparse as B:
/// the factor's first block column is B D^-1/2),
///     G_11 = D^-1 + K'R K,   G_T1 = -R K,   G_TT = R,
/// so with N = K K' (m x m) and RN = (R K) K':
///     tr G_11   = tr D^-1 + tr(RN)
///     |G_11|^2  = tr D^-2 + 2 sum_l K_l'R K_l / D_l + tr(RN RN),   tr(RN RN) = sum_rc RN_rc RN_cr
///     |G_a1|^2  = sum_{r in a} (R N R)_rr = sum_{r in a} sum_c RN_rc R_rc     (a a later term)
///     |G_ab|^2  = |R_ab|^2,  tr G_aa = tr R_aa                                 (a, b later terms)
/// nothing of size q^2 or n1^2 (n1 = the first term's levels). A solve F x = b is x_T = R (b_T - K b_1),
/// x_1 = D^-1 b_1 - K' x_T.
/// </summary>
internal sealed class FactorSatterthwaite
{
    /// <summary>The smallest theta the route accepts (see the accuracy note above); below it the dense path is used.</summary>
    public const double MinimumTheta = 1e-3;

    /// <summary>The largest trailing block (levels of all terms but the first) the route forms densely (m^2 doubles
    /// five times: 4 GB at this size); beyond it the dense path, which needs more, refuses with ModelTooLarge.</summary>
    public const int MaximumTrailing = 10000;

    private const int RowBlock = GatherCombination.Rows;

    private readonly double[] _theta;
    private readonly int _nt, _p, _n, _n1, _m;
    private readonly int[] _offset;          // where each term's levels start (the factor's order: term 0 first)
    private readonly double[] _d;            // D, the first term's diagonal block of F
    private readonly int[] _bStart, _bRow;   // the pattern of B = F_T1 (m x n1) by columns (levels of the first term)
    private readonly double[] _k;            // K = B D^-1 on that pattern

    // Per-term pieces, term order (= theta order).
    private readonly double[] _traceSq, _traceSp, _hh;
    private readonly double[,] _normSq, _normSp, _hSh;
    private readonly Matrix<double>[] _bzxGram;   // bzx_a' bzx_a, p x p

    /// <param name="design">The design as the fit saw it (prior weights are whitened by the model).</param>
    /// <param name="theta">The fit's theta (every entry at least <see cref="MinimumTheta"/>: <see cref="Applies"/>).</param>
    /// <param name="cancellationToken">Checked between the steps and inside the factorization's kernels.</param>
    public FactorSatterthwaite(ModelDesign design, IReadOnlyList<double> theta, CancellationToken cancellationToken = default)
        : this(design, theta, null, cancellationToken)
    {
    }

    /// <param name="design">The design as the fit saw it (prior weights are whitened by the model).</param>
    /// <param name="theta">The fit's theta (every entry at least <see cref="MinimumTheta"/>: <see cref="Applies"/>).</param>
    /// <param name="fitted">The model the fit found theta on, or null. Its factor (refactored only if it holds another
    /// theta) and, when its gradient or conditional variances left it current, L_T^-1 are read instead of formed
    /// again: the tests then cost about the lauum and the R K K' pass, not a model build, an evaluation and an inverse
    /// on top. Taken only when it is <paramref name="design"/>'s own model with the dense trailing kind.</param>
    /// <param name="cancellationToken">Checked between the steps and inside the factorization's kernels.</param>
    public FactorSatterthwaite(ModelDesign design, IReadOnlyList<double> theta, LinearMixedModel? fitted, CancellationToken cancellationToken = default)
        : this(design, theta, fitted, null, cancellationToken)
    {
    }

    /// <summary>The sections <see cref="FactorSatterthwaite(ModelDesign, IReadOnlyList{double}, LinearMixedModel?, SectionTimer?, CancellationToken)"/>
    /// times (bench only), in the order of their marks.</summary>
    internal static readonly string[] SectionNames =
    {
        "factor_at_theta", "solution_and_blocks", "inverse", "lauum", "products", "trace_of_square", "cross_solves",
    };

    /// <summary>As the public constructors (<paramref name="fitted"/> may be null).</summary>
    /// <param name="design">The design as the fit saw it.</param>
    /// <param name="theta">The fit's theta.</param>
    /// <param name="fitted">The fit's model, or null.</param>
    /// <param name="sections">When set, the steps' time is charged here (the bench's `inference --sections yes`).</param>
    /// <param name="cancellationToken">Checked between the steps and inside the kernels.</param>
    internal FactorSatterthwaite(ModelDesign design, IReadOnlyList<double> theta, LinearMixedModel? fitted, SectionTimer? sections,
        CancellationToken cancellationToken)
    {
        sections?.Start();
        _theta = theta.ToArray();
        var terms = design.RandomTerms;
        _nt = terms.Count;
        _p = design.FixedEffectCount;
        _n = design.RowCount;
        _n1 = terms[0].LevelCount;
        _offset = new int[_nt];
        int at = _n1;
        for (int t = 1; t < _nt; t++)
        {
            _offset[t] = at;
            at += terms[t].LevelCount;
        }
        _m = at - _n1;
        int q = at;
        bool reuse = CanRead(design, fitted);
        long trailing = _m + _p + 1L;
        // The fit's model lends its arrays (R and R K K' are formed in them); a model built here needs A's and L's
        // trailing arrays and one m x m array for L_S^-1. Then the per-thread row blocks of P = R K.
        var kernels = reuse ? fitted!.Factor.Kernels : KernelOptions.Default.WithTrailingFactor(TrailingFactorKind.Dense);
        MemoryGuard.EnsureAvailable(8L * (reuse ? 0 : 2 * trailing * trailing + (long)_m * _m) + 8L * RowBlock * _n1 * kernels.MaxThreads,
            $"the {_m} x {_m} trailing blocks of the tests of fixed effects");

        var model = reuse ? fitted! : new LinearMixedModel(design, kernels);
        ModelSolution solution;
        double[][] lambdaBzx;
        double[] lx, r, scratch;
        double[,] cInverse;
        using (model.CancelWith(cancellationToken))
        {
            var factor = model.Factor;
            if (!factor.EnsureAt(_theta))
                throw new LmmException("InferenceNotFinite", LmmErrorCategory.InvalidResult,
                    "The fixed-effects part of Lambda'[Z X]'[Z X]Lambda + I is not numerically positive definite at the fit's theta; the tests of fixed effects cannot be formed.");
            sections?.Mark(0);
            solution = model.SolutionAt(_theta, EstimationMethod.ML);
            (_d, _bStart, _bRow, _k) = FirstBlockColumn(factor);
            lambdaBzx = LambdaBzx(factor);
            var reader = new TrailingReader(factor);
            lx = new double[_p * _p];
            for (int c = 0; c < _p; c++)
                for (int i = c; i < _p; i++) lx[c * _p + i] = reader.XyBlock(i, c);
            cInverse = reader.FixedCrossProductInverse();
            cancellationToken.ThrowIfCancellationRequested();
            sections?.Mark(1);
            // From here on the factor's trailing array (R, in it) and, reused, U's are this constructor's scratch, not kept
            // past it: the model's factor then holds no theta, and its next use forms both again (BlockedFactor.LendTrailing).
            (r, scratch) = SchurInverse(factor, reuse ? model.ExistingLevelBlocks?.LendCurrentInverse() : null, sections, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();

        // C^-1 = L_X^-T L_X^-1; beta and y'P0 y as the fit has them.
        CInverse = FiniteMatrix.Require(Matrix<double>.Build.DenseOfArray(cInverse), "(X'V0^-1 X)^-1");
        Beta = Vector<double>.Build.DenseOfArray(solution.Beta);
        PenalizedRss = solution.PenalizedRss;

        // h_a = u_a / theta_a; U = Lambda bzx L_C^-T: row i of U solves L_C x = (Lambda bzx)[i, :].
        var h = new double[q];
        for (int t = 0; t < _nt; t++)
            for (int level = 0; level < terms[t].LevelCount; level++)
                h[_offset[t] + level] = solution.U[_offset[t] + level] / _theta[t];
        var u = new double[_p][];
        for (int j = 0; j < _p; j++) u[j] = new double[q];
        var row = new double[_p];
        for (int i = 0; i < q; i++)
            for (int j = 0; j < _p; j++)
            {
                double s = lambdaBzx[j][i];
                for (int k = 0; k < j; k++) s -= lx[k * _p + j] * row[k];
                row[j] = s / lx[j * _p + j];
                u[j][i] = row[j];
            }
        cancellationToken.ThrowIfCancellationRequested();

        _bzxGram = new Matrix<double>[_nt];
        var uu = new Matrix<double>[_nt];
        var uh = new double[_nt][];
        _hh = new double[_nt];
        for (int a = 0; a < _nt; a++)
        {
            int o = _offset[a], len = terms[a].LevelCount;
            double t2 = _theta[a] * _theta[a];
            _bzxGram[a] = Matrix<double>.Build.Dense(_p, _p, (i, j) => Dot(lambdaBzx[i], lambdaBzx[j], o, len) / t2);
            uu[a] = Matrix<double>.Build.Dense(_p, _p, (i, j) => Dot(u[i], u[j], o, len));
            uh[a] = Enumerable.Range(0, _p).Select(j => Dot(u[j], h, o, len)).ToArray();
            _hh[a] = Dot(h, h, o, len);
        }

        var (gTrace, gNormSq) = BlockNormsOfInverse(r, scratch, kernels.MaxThreads, sections, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        // The cross terms with G: G U^(a) and G h^(a), restricted to term b's rows.
        var crossU = new double[_nt, _nt];
        var crossH = new double[_nt, _nt];
        for (int a = 0; a < _nt; a++)
        {
            int oa = _offset[a], la = terms[a].LevelCount;
            for (int j = 0; j < _p; j++)
            {
                var gu = Solve(r, Restricted(u[j], oa, la));
                for (int b = 0; b < _nt; b++) crossU[a, b] += Dot(u[j], gu, _offset[b], terms[b].LevelCount);
            }
            var gh = Solve(r, Restricted(h, oa, la));
            for (int b = 0; b < _nt; b++) crossH[a, b] = Dot(h, gh, _offset[b], terms[b].LevelCount);
            cancellationToken.ThrowIfCancellationRequested();
        }

        sections?.Mark(6);
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

    /// <summary>Whether <paramref name="fitted"/> is <paramref name="design"/>'s own model with the dense trailing factor,
    /// whose factor (and L_T^-1) the route reads instead of building a model.</summary>
    internal static bool CanRead(ModelDesign design, LinearMixedModel? fitted) =>
        fitted is not null && ReferenceEquals(fitted.Design, design) && fitted.Factor.Kind == TrailingFactorKind.Dense;

    /// <summary>m, the levels of every term but the first (the factor's first block; the dense block this route forms).</summary>
    public static int TrailingSize(ModelDesign design) =>
        design.RandomEffectCount - (design.RandomTerms.Count == 0 ? 0 : design.RandomTerms[0].LevelCount);

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

    /// <summary>D and K = B D^-1 by columns from the factor's first block: L_11 = D^1/2 (1 x 1 blocks) and the block
    /// column's later-term rows L_T1 = B D^-1/2, so K = L_T1 D^-1/2 on L_T1's pattern (the cross-product's, shared and
    /// never written: not copied).</summary>
    private (double[] D, int[] Start, int[] Row, double[] K) FirstBlockColumn(BlockedFactor factor)
    {
        var first = factor.First.Values;
        var d = new double[_n1];
        for (int l = 0; l < _n1; l++) d[l] = first[l] * first[l];
        var panel = factor.Sparse;
        if (panel.RowCount == 0)
            return (d, new int[_n1 + 1], Array.Empty<int>(), Array.Empty<double>());
        var k = new double[panel.Rows.Length];
        for (int l = 0; l < _n1; l++)
        {
            int o = panel.ColumnOffset(l, 0), start = panel.LevelStart[l];
            for (int e = 0; e < panel.NonZerosIn(l); e++) k[start + e] = panel.Values[o + e] / first[l];
        }
        return (d, panel.LevelStart, panel.Rows, k);
    }

    /// <summary>Lambda Z'V0^-1 X = G Lambda Z'X = L_ZZ^-T L_XZ', one q-vector per column of X in the factor's order:
    /// column j of L_XZ' (X row j of L under the first term's and the later terms' columns), back-substituted.</summary>
    private double[][] LambdaBzx(BlockedFactor factor)
    {
        var reader = new TrailingReader(factor);
        var dense = factor.Dense;
        var result = new double[_p][];
        for (int j = 0; j < _p; j++)
        {
            var x = new double[_n1 + _m];
            Array.Copy(dense.Values, j * dense.ColumnCount, x, 0, _n1);
            for (int row = 0; row < _m; row++) x[_n1 + row] = reader.FixedLater(j, row);
            ModelSolution.SolveZTransposed(factor, x);
            result[j] = x;
        }
        return result;
    }

    /// <summary>R = S^-1 = L_S^-T L_S^-1 from the factor's leading m x m trailing block L_S, m x m column-major, both
    /// triangles, written into the factor's own trailing array (lent: <see cref="BlockedFactor.LendTrailing"/>).
    /// <paramref name="inverse"/>: U = L_T^-1 of this factor if already formed (M x M, M = m + p + 1; its leading
    /// m x m block is L_S^-1, L_T being lower triangular), lent as scratch; else L_S^-1 is formed into a new array.
    /// Scratch: the array L_S^-1 was held in (m x m at least), free for the caller.</summary>
    private (double[] R, double[] Scratch) SchurInverse(BlockedFactor factor, double[]? inverse, SectionTimer? sections,
        CancellationToken cancellationToken)
    {
        int m = _m;
        if (m == 0)
        {
            factor.LendTrailing();
            return (Array.Empty<double>(), Array.Empty<double>());
        }
        double[] linv;
        int ld;
        if (inverse is not null)
        {
            linv = inverse;
            ld = factor.TrailingSize;
        }
        else
        {
            var trailing = factor.DenseTrailing;
            linv = new double[(long)m * m];
            ld = m;
            TriangularInverse.InvertLower(trailing.Values, trailing.Offset(0, 0), trailing.Size, m, linv, factor.Kernels.MaxThreads, cancellationToken);
        }
        TransposeLowerToUpper(linv, m, ld, 1.0, clearLower: true);
        sections?.Mark(2);
        // R = Linv' Linv = sum_k Linv[k, :]' Linv[k, :] (LAPACK's lauum). With P = Linv' (column k of P is row k of
        // Linv, zero below row k) a panel of rows k0..k1-1 of Linv only touches R's leading k1 x k1 block, so
        // C -= P[0:k1, k0:k1] P[0:k1, k0:k1]' panel by panel from C = 0 gives -R in ~m^3/6 multiply-adds (a plain
        // SYRK of all of P would take m^3/2). linv holds P: Linv's lower triangle moved to the upper.
        var result = factor.LendTrailing();
        Array.Clear(result, 0, m * m);
        const int Panel = 128;
        for (int k0 = 0; k0 < m; k0 += Panel)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int k1 = Math.Min(k0 + Panel, m);
            SymmetricRankUpdate.Apply(result, 0, m, k1, linv, k0 * ld, ld, k1 - k0, factor.Kernels.MaxThreads, cancellationToken);
        }
        for (int c = 0; c < m; c++) result[c * m + c] = -result[c * m + c];
        TransposeLowerToUpper(result, m, m, -1.0, clearLower: false, negateLower: true);
        sections?.Mark(3);
        return (result, linv);
    }

    /// <summary>For the leading m x m block of a column-major matrix with leading dimension ld, tile by tile (32 x 32, so
    /// the strided side stays in cache): the upper triangle := <paramref name="scale"/> times the strict lower one; then
    /// the lower one is cleared or negated.</summary>
    private static void TransposeLowerToUpper(double[] a, int m, int ld, double scale, bool clearLower, bool negateLower = false)
    {
        const int Tile = 32;
        for (int c0 = 0; c0 < m; c0 += Tile)
        {
            int c1 = Math.Min(c0 + Tile, m);
            for (int r0 = c0; r0 < m; r0 += Tile)
            {
                int r1 = Math.Min(r0 + Tile, m);
                for (int c = c0; c < c1; c++)
                {
                    int column = c * ld;
                    for (int r = Math.Max(r0, c + 1); r < r1; r++)
                    {
                        double v = a[column + r];
                        a[r * ld + c] = scale * v;
                        if (clearLower) a[column + r] = 0.0;
                        else if (negateLower) a[column + r] = -v;
                    }
                }
            }
        }
    }

    /// <summary>x = F^-1 b in the internal order, with R = S^-1 (m x m).</summary>
    private double[] Solve(double[] r, double[] b)
    {
        int m = _m;
        var c = new double[m];
        for (int a = 0; a < m; a++) c[a] = b[_n1 + a];
        for (int l = 0; l < _n1; l++)
        {
            double w = b[l];
            if (w == 0.0) continue;
            for (int e = _bStart[l]; e < _bStart[l + 1]; e++) c[_bRow[e]] -= _k[e] * w;
        }
        var x2 = new double[m];
        for (int col = 0; col < m; col++)
            if (c[col] != 0.0) VectorOps.Axpy(c[col], r, col * m, x2, 0, m);
        var x = new double[b.Length];
        for (int a = 0; a < m; a++) x[_n1 + a] = x2[a];
        for (int l = 0; l < _n1; l++)
        {
            double s = b[l] / _d[l];
            for (int y = _bStart[l]; y < _bStart[l + 1]; y++) s -= _k[y] * x2[_bRow[y]];
            x[l] = s;
        }
        return x;
    }

    /// <summary>tr G_aa and |G_ab|_F^2 for every pair of terms (see the class comment). <paramref name="scratch"/>: m x m
    /// doubles whose contents are not needed (RN is formed there); up to <paramref name="maxThreads"/> threads (the model's
    /// kernel options).</summary>
    private (double[] Trace, double[,] NormSq) BlockNormsOfInverse(double[] r, double[] scratch, int maxThreads, SectionTimer? sections,
        CancellationToken cancellationToken)
    {
        int m = _m;
        var trace = new double[_nt];
        var norm = new double[_nt, _nt];
        double trDinv = 0.0, trDinv2 = 0.0;
        for (int l = 0; l < _n1; l++)
        {
            trDinv += 1.0 / _d[l];
            trDinv2 += 1.0 / (_d[l] * _d[l]);
        }
        // K by rows (K' by columns) for the second product.
        var (ktStart, ktLevel, ktValue) = Transpose(_k);

        // With P = R K (m x n1), everything but tr(RN RN) is a by-product of P:
        //     tr(RN) = sum_l K_l'P_l,   sum_l K_l'R K_l / D_l = sum_l K_l'P_l / D_l,
        //     (R N R)_rr = |P[r, :]|^2   (R symmetric: (R K K' R)_rr = (R K)_r (R K)_r').
        // P is formed RowBlock rows at a time (column l = sum over l's pattern of K_xl R[rows, x]) and then gives those
        // rows of RN = P K' (column b = sum over row b of K of K_bl P[:, l]), both register-held sums
        // (GatherCombination) that read each source segment once. The threads take interleaved blocks, each with its
        // own P; blocks own their rows of RN and of the row norms, and their partial sums are added in block order, so
        // any thread count gives the same bits.
        int blocks = m == 0 ? 0 : (m + RowBlock - 1) / RowBlock;
        var rn = scratch;
        var crossParts = new double[blocks];
        var traceParts = new double[blocks];
        var rowNorms = new double[m];
        int threads = (long)m * _bRow.Length >= SymmetricRankUpdate.ParallelWork ? Math.Max(1, Math.Min(maxThreads, blocks)) : 1;
        KernelParallelism.For(threads, threads, worker =>
        {
            var pBlock = new double[(long)RowBlock * _n1];
            var squares = new double[RowBlock];
            for (int block = worker; block < blocks; block += threads)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int r0 = block * RowBlock, rb = Math.Min(RowBlock, m - r0);
                double crossPart = 0.0, tracePart = 0.0;
                Array.Clear(squares, 0, RowBlock);
                for (int l = 0; l < _n1; l++)
                {
                    int from = _bStart[l], count = _bStart[l + 1] - from, column = l * RowBlock;
                    GatherCombination.Combine(r, m, r0, rb, _bRow, _k, from, count, pBlock, column);
                    double quad = 0.0;                                     // K_l'P_l over this block's rows
                    for (int x = from; x < from + count; x++)
                    {
                        int b = _bRow[x] - r0;
                        if (b >= 0 && b < rb) quad += _k[x] * pBlock[column + b];
                    }
                    tracePart += quad;
                    crossPart += quad / _d[l];
                    VectorOps.AddSquares(pBlock, column, squares, 0, rb);
                }
                Array.Copy(squares, 0, rowNorms, r0, rb);
                for (int b = 0; b < m; b++)
                    GatherCombination.Combine(pBlock, RowBlock, 0, rb, ktLevel, ktValue, ktStart[b], ktStart[b + 1] - ktStart[b], rn, b * m + r0);
                crossParts[block] = crossPart;
                traceParts[block] = tracePart;
            }
        }, cancellationToken);
        double cross = 0.0, trRn = 0.0;
        for (int block = 0; block < blocks; block++)
        {
            cross += crossParts[block];
            trRn += traceParts[block];
        }
        sections?.Mark(4);
        double trRnRn = TraceOfSquare(rn, m);
        sections?.Mark(5);
        trace[0] = trDinv + trRn;
        norm[0, 0] = trDinv2 + 2.0 * cross + trRnRn;
        for (int a = 1; a < _nt; a++)
        {
            int oa = _offset[a] - _n1, la = LevelsOf(a);
            double s = 0.0, tr = 0.0;
            for (int row = oa; row < oa + la; row++)
            {
                s += rowNorms[row];                                // sum_{r in a} (R N R)_rr
                tr += r[row * m + row];
            }
            norm[a, 0] = norm[0, a] = s;
            trace[a] = tr;
            for (int b = 1; b < _nt; b++)
            {
                int ob = _offset[b] - _n1, lb = LevelsOf(b);
                double f = 0.0;
                for (int c = ob; c < ob + lb; c++)
                    f += VectorOps.Dot(r, c * m + oa, r, c * m + oa, la);
                norm[a, b] = f;
            }
        }
        return (trace, norm);
    }

    /// <summary>tr(A A) = sum_rc A_rc A_cr of an m x m column-major A, by pairs of 32 x 32 tiles: the mirror tile is
    /// transposed into a buffer so both are read along columns (vectorised dots), not one of them across.</summary>
    private static double TraceOfSquare(double[] a, int m)
    {
        const int Tile = 32;
        var mirror = new double[Tile * Tile];
        double total = 0.0;
        for (int c0 = 0; c0 < m; c0 += Tile)
        {
            int cw = Math.Min(Tile, m - c0);
            for (int r0 = c0; r0 < m; r0 += Tile)
            {
                int rw = Math.Min(Tile, m - r0);
                // mirror[c * Tile + r] = A[c0 + c, r0 + r]... as columns c of the tile (rows r0.., column c0 + c):
                // the tile T = A[r0.., c0..] pairs with M = A[c0.., r0..]: sum_{r, c} T[r, c] M[c, r].
                for (int r = 0; r < rw; r++)
                {
                    int column = (r0 + r) * m + c0;
                    for (int c = 0; c < cw; c++) mirror[c * Tile + r] = a[column + c];
                }
                double s = 0.0;
                for (int c = 0; c < cw; c++)
                    s += VectorOps.Dot(a, (c0 + c) * m + r0, mirror, c * Tile, rw);
                total += r0 == c0 ? s : 2.0 * s;                  // an off-diagonal pair of tiles counts both ways
            }
        }
        return total;
    }

    /// <summary>Levels of term a (from the offsets: the terms are contiguous in the factor's order).</summary>
    private int LevelsOf(int a) => (a + 1 < _nt ? _offset[a + 1] : _n1 + _m) - _offset[a];

    /// <summary>K' by columns (rows of K): for each later-term row b, the first-term levels l with K_bl != 0 in
    /// ascending order, and the values.</summary>
    private (int[] Start, int[] Level, double[] Value) Transpose(double[] k)
    {
        var start = new int[_m + 1];
        foreach (int b in _bRow) start[b + 1]++;
        for (int b = 0; b < _m; b++) start[b + 1] += start[b];
        var next = (int[])start.Clone();
        var level = new int[_bRow.Length];
        var value = new double[_bRow.Length];
        for (int l = 0; l < _n1; l++)
            for (int x = _bStart[l]; x < _bStart[l + 1]; x++)
            {
                int at = next[_bRow[x]]++;
                level[at] = l;
                value[at] = k[x];
            }
        return (start, level, value);
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
