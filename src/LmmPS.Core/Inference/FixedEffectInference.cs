using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// Tests of fixed effects at a fit's optimum with Satterthwaite or Kenward-Roger denominator df: the coefficient
/// table, single contrasts, joint F tests and lmerTest's Type III table. The derivatives are analytic
/// (<see cref="VarianceParameterDerivatives"/>, <see cref="KenwardRogerAdjustment"/>); nothing is differenced.
/// Built once per fit and method; cheap to query afterwards.
/// </summary>
public sealed class FixedEffectInference
{
    private readonly ModelDesign _design;
    private readonly WorkingDesign _working;
    private readonly Vector<double> _beta;
    private readonly VarianceParameterDerivatives? _satterthwaite;
    private readonly KenwardRogerAdjustment? _kr;

    private FixedEffectInference(ModelDesign design, IReadOnlyList<double> theta, EstimationMethod estimation, DegreesOfFreedomMethod method,
        LinearMixedModel? fitted, CancellationToken cancellationToken)
    {
        _design = design;
        Method = method;
        // A badly scaled design is tested through its exact reparametrisation (WorkingDesign): the moments, df and
        // adjustments below are the working design's, in its units; every hypothesis is mapped onto it.
        _working = WorkingDesign.For(design, theta);
        double residualDf = estimation == EstimationMethod.REML ? design.RowCount - design.FixedEffectCount : design.RowCount;
        if (method == DegreesOfFreedomMethod.Satterthwaite && FactorSatterthwaite.Applies(_working.Design, _working.Theta))
        {
            // All-scalar terms: the same numbers from the blocks of F in ~ m^3 instead of ~ q^3 (FactorSatterthwaite).
            // The fit's own model (when given and the working design is the fit's) lends its factor and L_T^-1.
            var blocks = new FactorSatterthwaite(_working.Design, _working.Theta, fitted, cancellationToken);
            _beta = _working.BetaToOriginal(blocks.Beta);
            double blocksSigma = Math.Sqrt(blocks.PenalizedRss / residualDf);
            Sigma = _working.YScale * blocksSigma;
            _satterthwaite = blocks.Derivatives(estimation, blocksSigma);
            return;
        }
        // The marginal moments of the whitened model (rows scaled by sqrt(w), PriorWeights.Whitened): the same beta, its
        // covariance and sigma as the weighted model's, so the df and adjustments are the weighted model's too.
        var moments = new MarginalMoments(PriorWeights.Whitened(_working.Design), _working.Theta, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _beta = _working.BetaToOriginal(moments.Beta);
        double workingSigma = Math.Sqrt(moments.PenalizedRss / residualDf);
        Sigma = _working.YScale * workingSigma;
        if (method == DegreesOfFreedomMethod.KenwardRoger)
            _kr = new KenwardRogerAdjustment(moments, workingSigma);
        else
            _satterthwaite = new VarianceParameterDerivatives(moments, estimation, workingSigma);
    }

    /// <summary>q + p + 1, the side of the dense matrices the tests work with (memory ~ 6 of them, time ~ its cube).</summary>
    public static int DenseSize(ModelDesign design) => design.RandomEffectCount + design.FixedEffectCount + 1;

    /// <summary>The side of the matrices the tests at theta work with: the trailing block m of F when Satterthwaite takes
    /// the factor route (<see cref="FactorSatterthwaite"/>: all-scalar terms, time ~ m^3 + m nnz, like a few of the fit's
    /// own evaluations), else <see cref="DenseSize"/>.</summary>
    public static (int Size, bool FactorBlocks) WorkSize(ModelDesign design, IReadOnlyList<double> theta, DegreesOfFreedomMethod method) =>
        method == DegreesOfFreedomMethod.Satterthwaite && FactorSatterthwaite.Applies(design, theta)
            ? (FactorSatterthwaite.TrailingSize(design), true)
            : (DenseSize(design), false);

    /// <summary>Whether the tests of <paramref name="fit"/> by <paramref name="method"/> read the factor of
    /// <paramref name="fitted"/> (the model the fit was found on): Satterthwaite on all-scalar terms, a design the fit did
    /// not reparametrise, and the fit's dense trailing factor. They then cost a fraction of the fit whatever its size
    /// (no new m x m memory), so a caller need not guard them by size.</summary>
    public static bool ReadsFittedFactor(FitResult fit, DegreesOfFreedomMethod method, LinearMixedModel? fitted)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        return method == DegreesOfFreedomMethod.Satterthwaite && fit.Prior is null
            && !Scaling.DesignScaling.IsNeeded(fit.Design)
            && FactorSatterthwaite.Applies(fit.Design, fit.Theta)
            && FactorSatterthwaite.CanRead(fit.Design, fitted);
    }

    /// <summary>The residual SD at theta (lme4's sigma: profiled, N - p for REML).</summary>
    public double Sigma { get; }

    public DegreesOfFreedomMethod Method { get; }

    /// <summary>Prepares the tests; throws <see cref="LmmException"/> for Kenward-Roger on an ML fit, for a fit under a
    /// prior, and for <see cref="DegreesOfFreedomMethod.None"/>.</summary>
    public static FixedEffectInference For(FitResult fit, DegreesOfFreedomMethod method, CancellationToken cancellationToken = default) =>
        For(fit, method, null, cancellationToken);

    /// <summary>As above, reading the factor of <paramref name="fitted"/>, the model the fit was found on
    /// (<see cref="LmmFitter.FitKeepingModel"/>), where the tests can: Satterthwaite on all-scalar terms then costs a
    /// fraction of the fit instead of one more model build and evaluation, and uses the factor's arrays as its scratch,
    /// so the model's factor holds no theta afterwards (its next use forms it again). Null, or another design's model: as
    /// above.</summary>
    public static FixedEffectInference For(FitResult fit, DegreesOfFreedomMethod method, LinearMixedModel? fitted,
        CancellationToken cancellationToken = default)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        if (fit.Prior is not null)
            throw new LmmException("InferenceUnderPrior", LmmErrorCategory.InvalidArgument,
                "Satterthwaite and Kenward-Roger tests are defined for the plain likelihood; this fit has a fixed-effect prior, whose posterior covariance they do not describe.");
        return At(fit.Design, fit.Theta, fit.Method, method, fitted, cancellationToken);
    }

    /// <summary>The tests at a given theta (beta and sigma profiled there), e.g. at another optimizer's optimum.</summary>
    public static FixedEffectInference At(ModelDesign design, IReadOnlyList<double> theta, EstimationMethod estimation, DegreesOfFreedomMethod method,
        CancellationToken cancellationToken = default) =>
        At(design, theta, estimation, method, null, cancellationToken);

    private static FixedEffectInference At(ModelDesign design, IReadOnlyList<double> theta, EstimationMethod estimation, DegreesOfFreedomMethod method,
        LinearMixedModel? fitted, CancellationToken cancellationToken)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        if (theta is null) throw new ArgumentNullException(nameof(theta));
        if (method == DegreesOfFreedomMethod.None)
            throw new LmmException("NoDegreesOfFreedomMethod", LmmErrorCategory.InvalidArgument,
                "A test of fixed effects needs a df method: Satterthwaite or KenwardRoger.");
        if (method == DegreesOfFreedomMethod.KenwardRoger && estimation != EstimationMethod.REML)
            throw new LmmException("KenwardRogerNeedsREML", LmmErrorCategory.InvalidArgument,
                "Kenward-Roger's method is only available for REML fits (as in lmerTest); refit with -Method REML or use Satterthwaite.");
        if (design.FixedEffectCount == 0)
            throw new LmmException("NoFixedEffects", LmmErrorCategory.InvalidArgument,
                $"The model '{design.Formula.Text}' has no fixed effects to test.");
        if (theta.Count != design.ThetaCount)
            throw new LmmException("ThetaWrongLength", LmmErrorCategory.InvalidArgument,
                $"Theta has {theta.Count} element(s); this model has {design.ThetaCount}: {string.Join(", ", design.ThetaNames)}.");
        return new FixedEffectInference(design, theta, estimation, method, fitted, cancellationToken);
    }

    /// <summary>The derivatives on the working design (<see cref="WorkingDesign"/>: the user's unless badly scaled).</summary>
    internal VarianceParameterDerivatives? Satterthwaite => _satterthwaite;

    /// <summary>The adjustment on the working design (<see cref="WorkingDesign"/>: the user's unless badly scaled).</summary>
    internal KenwardRogerAdjustment? KenwardRoger => _kr;

    /// <summary>Kenward-Roger's adjusted covariance of beta (pbkrtest's vcovAdj) in the user's parametrisation; null
    /// for Satterthwaite.</summary>
    public double[,]? AdjustedCovariance() => _kr is null ? null : _working.CovarianceToOriginal(_kr.AdjustedCovariance).ToArray();

    /// <summary>Covariance of the working beta, in the working design's units.</summary>
    private Matrix<double> Covariance => _kr?.AdjustedCovariance ?? _satterthwaite!.VcovBeta;

    /// <summary>One t test per coefficient, in the design's order (lmerTest's summary table).</summary>
    public IReadOnlyList<CoefficientTest> Coefficients()
    {
        int p = _beta.Count;
        var rows = new CoefficientTest[p];
        for (int j = 0; j < p; j++)
        {
            var l = Vector<double>.Build.Dense(p);
            l[j] = 1.0;
            var c = Contrast(l.ToArray());
            rows[j] = new CoefficientTest(_design.FixedEffectNames[j], c.Estimate, c.StdError, c.DF, c.TValue, c.PValue);
        }
        return rows;
    }

    /// <summary>The t test of l'beta = 0.</summary>
    public ContrastTest Contrast(IReadOnlyList<double> contrast)
    {
        var l = CheckedRow(contrast);
        double estimate = l.DotProduct(_beta);
        var (se, df) = Spread(_working.Row(l));
        double t = estimate / se;
        double half = TailProbabilities.TQuantile975(df) * se;
        return new ContrastTest(l.ToArray(), estimate, se, df, t, TailProbabilities.TwoSidedT(t, df), estimate - half, estimate + half);
    }

    /// <summary>The F test of L beta = 0 (lmerTest's contestMD; Kenward-Roger: pbkrtest's KRmodcomp).</summary>
    public FTest Joint(double[,] hypothesis, string label)
    {
        if (hypothesis is null) throw new ArgumentNullException(nameof(hypothesis));
        int p = _beta.Count;
        if (hypothesis.GetLength(1) != p)
            throw new LmmException("ContrastWrongLength", LmmErrorCategory.InvalidArgument,
                $"The contrast matrix has {hypothesis.GetLength(1)} column(s); the model has {p} fixed effects ({string.Join(", ", _design.FixedEffectNames)}): one column per fixed effect.");
        if (hypothesis.GetLength(0) == 0)
            throw new LmmException("EmptyContrast", LmmErrorCategory.InvalidArgument, "The contrast matrix has no rows.");
        var l = Matrix<double>.Build.DenseOfArray(hypothesis);
        for (int r = 0; r < l.RowCount; r++)
            CheckedRow(l.Row(r).ToArray(), $"row {r + 1} of the contrast matrix");
        double s2 = Sigma * Sigma;
        if (_kr is not null)
            return KenwardRogerF(l, label, s2);
        if (l.RowCount == 1)
        {
            // A single row maps alone: the t test of that contrast.
            var c = Contrast(l.Row(0).ToArray());
            double f1 = c.TValue * c.TValue;
            return new FTest(label, f1 * s2, f1 * s2, 1, c.DF, f1, TailProbabilities.UpperF(f1, 1, c.DF), f1, 1.0);
        }
        // Eigen-decompose L V L' and test the rotated rows that carry information (lmerTest's contestMD). In the working
        // parametrisation L V L' = s_y^2 Lw V' Lw' (Lw = L T): the same eigenvectors, so the same rotated hypotheses.
        var lw = _working.Rows(l);
        var lb = l * _beta / _working.YScale;          // L beta in working units (s_y = 1 for a well-scaled design)
        var evd = FiniteMatrix.Require(lw * _satterthwaite!.VcovBeta * lw.Transpose(), "The contrasts' covariance").Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, l.RowCount).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double d1 = evd.EigenValues[order[0]].Real;
        double tol = Math.Max(Math.Sqrt(2.220446049250313e-16) * d1, 0.0);
        var kept = order.Where(i => evd.EigenValues[i].Real > tol).ToArray();
        int q = kept.Length;
        if (q == 0)
            throw new LmmException("ContrastHasNoRank", LmmErrorCategory.InvalidArgument,
                $"The contrast matrix for {label} has no estimable direction (L vcov(beta) L' is zero).");
        if (q == 1)
        {
            var direction = evd.EigenVectors.Column(kept[0]);
            var (se, df1) = Spread(lw.TransposeThisAndMultiply(direction));
            double t1 = direction.DotProduct(lb) * _working.YScale / se;
            double f1 = t1 * t1;
            return new FTest(label, f1 * s2, f1 * s2, 1, df1, f1, TailProbabilities.UpperF(f1, 1, df1), f1, 1.0);
        }
        double sum = 0.0;
        var nu = new double[q];
        for (int m = 0; m < q; m++)
        {
            var direction = evd.EigenVectors.Column(kept[m]);
            var row = lw.TransposeThisAndMultiply(direction);
            double d = evd.EigenValues[kept[m]].Real, e = direction.DotProduct(lb);
            sum += e * e / d;
            nu[m] = _satterthwaite.DegreesOfFreedom(row);
        }
        double f = sum / q, ddf = CombinedDf(nu);
        return new FTest(label, q * f * s2, f * s2, q, ddf, f, TailProbabilities.UpperF(f, q, ddf), f, 1.0);
    }

    /// <summary>lmerTest's Type III table: one F test per model term with its recorded hypothesis.</summary>
    public IReadOnlyList<FTest> TypeThree() =>
        TypeThreeHypotheses.For(_design).Select(h => Joint(h.L, h.Term)).ToArray();

    /// <summary>The df of an F test from the rows' Satterthwaite df nu_m: E = sum nu_m / (nu_m - 2), df = 2E / (E - q);
    /// 2 if some nu_m &lt;= 2; their mean if they agree within 1e-8 (lmerTest's get_Fstat_ddf).</summary>
    internal static double CombinedDf(double[] nu)
    {
        if (nu.Length == 1) return nu[0];
        bool equal = true;
        for (int i = 1; i < nu.Length; i++)
            if (Math.Abs(nu[i] - nu[i - 1]) >= 1e-8) equal = false;
        if (equal) return nu.Average();
        if (nu.Any(v => v <= 2)) return 2.0;
        double e = nu.Sum(v => v / (v - 2.0));
        return 2.0 * e / (e - nu.Length);
    }

    private FTest KenwardRogerF(Matrix<double> l, string label, double s2)
    {
        int rank = l.Rank();
        if (rank < l.RowCount)
            throw new LmmException("ContrastRankDeficient", LmmErrorCategory.InvalidArgument,
                $"The contrast matrix for {label} has {l.RowCount} rows but rank {rank}; give linearly independent rows for a Kenward-Roger test.");
        // In working units (L beta / s_y, Lw = L T): the Wald statistic and the df are invariant under the map.
        var lb = l * _beta / _working.YScale;
        var lw = _working.Rows(l);
        double wald = lb.DotProduct((lw * _kr!.AdjustedCovariance * lw.Transpose()).Solve(lb));
        double fu = wald / rank;
        var (ddf, scaling) = _kr.DenominatorDf(lw, rank);
        double f = fu * scaling;
        return new FTest(label, rank * fu * s2, fu * s2, rank, ddf, f, TailProbabilities.UpperF(f, rank, ddf), fu, scaling);
    }

    /// <summary>The SE (user's units) and df of the contrast whose working row is given.</summary>
    private (double Se, double Df) Spread(Vector<double> working)
    {
        double se = _working.YScale * Math.Sqrt(working.DotProduct(Covariance * working));
        double df = _kr is not null
            ? _kr.DenominatorDf(working.ToRowMatrix(), 1).Ddf
            : _satterthwaite!.DegreesOfFreedom(working);
        return (se, df);
    }

    private Vector<double> CheckedRow(IReadOnlyList<double> contrast, string what = "the contrast")
    {
        if (contrast is null) throw new ArgumentNullException(nameof(contrast));
        int p = _beta.Count;
        if (contrast.Count != p)
            throw new LmmException("ContrastWrongLength", LmmErrorCategory.InvalidArgument,
                $"{Capitalize(what)} has {contrast.Count} element(s); the model has {p} fixed effects ({string.Join(", ", _design.FixedEffectNames)}): one weight per fixed effect.");
        for (int j = 0; j < p; j++)
            if (double.IsNaN(contrast[j]) || double.IsInfinity(contrast[j]))
                throw new LmmException("ContrastNotFinite", LmmErrorCategory.InvalidArgument,
                    $"Element {j + 1} ({_design.FixedEffectNames[j]}) of {what} is {contrast[j]}; every weight must be finite.");
        if (contrast.All(v => v == 0.0))
            throw new LmmException("ContrastIsZero", LmmErrorCategory.InvalidArgument, $"{Capitalize(what)} is all zeros; it tests nothing.");
        return Vector<double>.Build.DenseOfEnumerable(contrast);
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s.Substring(1);
}
