using LmmPS.Core.Common;
using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>
/// The objective of a fit with a fixed-effect prior at one fixed theta, as a function of sigma: f(theta, sigma) on the
/// -2 log scale with every constant (the files' <c>objective_definition</c>). Built from the Schur complement C of the
/// random effects (see <see cref="SchurComplement"/>), so each sigma costs O(p^3): M(sigma) = C_XX + k S^-1 with
/// k = sigma^2 (absolute scale) or 1 (relative), beta~ = M^-1 c_Xy, P = c_yy - c_Xy'beta~, q1 = beta~'S^-1 beta~.
/// <para>Absolute scale, K = n for (a) PosteriorMode and n - p for (b) IntegratedLikelihood:</para>
/// <code>
///   f   = K log(2 pi s^2) + P/s^2 + ldL2 + p log(2 pi) + log det S  [+ log det M  for (b)]
///   f'  = 2K/s + 2 q1/s - 2P/s^3                                     [+ 2 s t1]
///   f'' = -2K/s^2 - 6 q1/s^2 - 8 q2 + 6P/s^4                         [+ 2 t1 - 4 s^2 t2]
/// </code>
/// <para>with dP/ds = 2 s q1, q2 = w'M^-1 w (w = S^-1 beta~), t1 = tr(M^-1 S^-1), t2 = tr((M^-1 S^-1)^2); derived from
/// dM/ds = 2 s S^-1 and d beta~/ds = -2 s M^-1 w (the seed's derivation, whose factors and signs carry typos).</para>
/// <para>Relative scale, K = n + p for (a) and n for (b), P does not depend on sigma:
/// f = K log(2 pi s^2) + P/s^2 + ldL2 + log det S [+ log det M], f' = 2K/s - 2P/s^3, f'' = -2K/s^2 + 6P/s^4,
/// minimised in closed form at s^2 = P/K.</para>
/// Not thread-safe only in the sense that it holds no mutable state: every call is independent of the model's factor.
/// </summary>
public sealed class SigmaProfile
{
    private readonly SchurComplement _c;
    private readonly PriorCovariance _prior;
    private readonly int _n;

    internal SigmaProfile(IReadOnlyList<double> theta, SchurComplement c, PriorCovariance prior, PriorScale scale, PriorObjective objective, int n)
    {
        Theta = theta.ToArray();
        _c = c;
        _prior = prior;
        Scale = scale;
        Objective = objective;
        _n = n;
    }

    public IReadOnlyList<double> Theta { get; }

    public PriorScale Scale { get; }

    public PriorObjective Objective { get; }

    internal double LogDetLZSquared => _c.LogDetLZSquared;

    /// <summary>f(theta, sigma): the objective minimised (-2 log scale, constants and the prior's term included).</summary>
    public double Value(double sigma) => State(sigma, derivatives: false).Value;

    /// <summary>f and its analytic first and second derivatives with respect to sigma (not log sigma). The reference
    /// files tabulate those of log = -f/2: their d/dsigma is -First/2 and their d2/dsigma2 is -Second/2.</summary>
    public SigmaDerivatives Derivatives(double sigma)
    {
        var s = State(sigma, derivatives: true);
        return new SigmaDerivatives(sigma, s.Value, s.First, s.Second);
    }

    /// <summary>The sigma minimising f at this theta: closed form on the relative scale (0 iterations), Newton's
    /// method on log sigma from the no-prior closed-form sigma on the absolute scale.</summary>
    public SigmaOptimum Minimize()
    {
        var (state, iterations, converged) = Optimum();
        return new SigmaOptimum(state.Sigma, state.Value, iterations, converged);
    }

    internal (SigmaState State, int Iterations, bool Converged) Optimum()
    {
        int p = _c.FixedEffectCount;
        if (Scale == PriorScale.Relative)
        {
            var at1 = State(1.0, derivatives: false);
            double sigma = Math.Sqrt(at1.PenalizedRss / RelativeDegrees(p));
            return (State(sigma, derivatives: true), 0, true);
        }
        double start = Math.Sqrt(_c.PenalizedRssWithoutPrior / Criterion(p).ResidualDegrees);
        var (best, iterations, converged) = SigmaNewton.Minimize(s =>
        {
            var st = State(s, derivatives: true);
            return (st.Value, st.First, st.Second);
        }, start);
        return (State(best, derivatives: true), iterations, converged);
    }

    /// <summary>The profiled criterion whose N this objective shares: n for the posterior mode, n - p for the
    /// integrated likelihood.</summary>
    private ProfiledCriterion Criterion(int p) =>
        new(Objective == PriorObjective.PosteriorMode ? EstimationMethod.ML : EstimationMethod.REML, _n, p);

    private int RelativeDegrees(int p) => Objective == PriorObjective.PosteriorMode ? _n + p : _n;

    internal SigmaState State(double sigma, bool derivatives)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
            throw new LmmException("InvalidSigma", LmmErrorCategory.InvalidArgument,
                $"sigma is {sigma.ToString(System.Globalization.CultureInfo.InvariantCulture)}; the prior's objective is defined for a finite sigma > 0 only.");
        int p = _c.FixedEffectCount;
        bool absolute = Scale == PriorScale.Absolute;
        bool integrated = Objective == PriorObjective.IntegratedLikelihood;
        double s2 = sigma * sigma, k = absolute ? s2 : 1.0;
        var sInv = _prior.SInverse;

        var m = new double[p * p];
        for (int i = 0; i < m.Length; i++) m[i] = _c.Cxx[i] + k * sInv[i];
        var mFactor = SymmetricPositiveDefinite.TryFactor(m, p)
            ?? throw new LmmException("FactorizationFailed", LmmErrorCategory.InvalidResult,
                $"At theta = ({string.Join(", ", Theta)}) and sigma = {sigma} the fixed-effects cross-product with the prior is not positive definite.");
        var beta = mFactor.Solve(_c.Cxy);
        var w = MultiplySymmetric(sInv, beta, p);
        double q1 = Dot(beta, w);
        // P = c_yy - c_Xy'beta~ = pwrss(beta~) + k beta~'S^-1 beta~, summed as squares (SchurComplement.PenalizedRss):
        // the difference form cancels y'y-sized terms, which on the star design left noise of 1e-6 in f.
        double pwrss = _c.PenalizedRss(beta) + k * q1;
        double ldM = mFactor.LogDeterminant();
        double logTwoPi = Math.Log(2.0 * Math.PI);
        double ldL2 = _c.LogDetLZSquared, ldS = _prior.LogDeterminant;

        double value, first = double.NaN, second = double.NaN, penalty;
        if (absolute)
        {
            int kDeg = Criterion(p).ResidualDegrees;
            value = kDeg * (logTwoPi + Math.Log(s2)) + pwrss / s2 + ldL2 + p * logTwoPi + ldS + (integrated ? ldM : 0.0);
            penalty = q1 + p * logTwoPi + ldS;
            if (derivatives)
            {
                double q2 = Dot(w, mFactor.Solve(w));
                first = 2.0 * kDeg / sigma + 2.0 * q1 / sigma - 2.0 * pwrss / (s2 * sigma);
                second = -2.0 * kDeg / s2 - 6.0 * q1 / s2 - 8.0 * q2 + 6.0 * pwrss / (s2 * s2);
                if (integrated)
                {
                    var (t1, t2) = Traces(mFactor.Inverse(), sInv, p);
                    first += 2.0 * sigma * t1;
                    second += 2.0 * t1 - 4.0 * s2 * t2;
                }
            }
        }
        else
        {
            int kDeg = RelativeDegrees(p);
            value = kDeg * (logTwoPi + Math.Log(s2)) + pwrss / s2 + ldL2 + ldS + (integrated ? ldM : 0.0);
            penalty = q1 / s2 + p * (logTwoPi + Math.Log(s2)) + ldS;
            if (derivatives)
            {
                first = 2.0 * kDeg / sigma - 2.0 * pwrss / (s2 * sigma);
                second = -2.0 * kDeg / s2 + 6.0 * pwrss / (s2 * s2);
            }
        }
        return new SigmaState
        {
            Sigma = sigma,
            Beta = beta,
            PenalizedRss = pwrss,
            BetaQuadraticForm = q1,
            LogDetM = ldM,
            M = mFactor,
            Value = value,
            First = first,
            Second = second,
            Penalty = penalty,
        };
    }

    /// <summary>tr(A) and tr(A^2) for A = M^-1 S^-1 (tr(A^2) = sum_ij A_ij A_ji).</summary>
    private static (double T1, double T2) Traces(double[] mInv, double[] sInv, int p)
    {
        var a = new double[p * p];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < p; i++)
            {
                double s = 0.0;
                for (int l = 0; l < p; l++) s += mInv[l * p + i] * sInv[j * p + l];
                a[j * p + i] = s;
            }
        double t1 = 0.0, t2 = 0.0;
        for (int i = 0; i < p; i++)
        {
            t1 += a[i * p + i];
            for (int j = 0; j < p; j++) t2 += a[j * p + i] * a[i * p + j];
        }
        return (t1, t2);
    }

    private static double[] MultiplySymmetric(double[] a, double[] x, int p)
    {
        var y = new double[p];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < p; i++)
                y[i] += a[j * p + i] * x[j];
        return y;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
