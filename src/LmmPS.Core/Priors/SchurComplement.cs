using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>The fixed-effects-and-response part of the model at one theta, with the random effects already
/// integrated out: the Schur complement C of the random-effects block in Omega = Lambda'[Z X y]'[Z X y]Lambda + diag(I, 0),
///   C_XX = X'X - L_ZX L_ZX',  c_Xy = X'y - L_ZX u~,  c_yy = y'y - ||u~||^2  (u~ = L_Z^-1 Lambda'Z'y).
/// The trailing (p+1) x (p+1) block B = [L_XX 0; l_yX' l_yy] of the model's factor satisfies B B' = C, so C_XX and c_Xy
/// are read off the factor after <see cref="BlockedFactor.Update"/> without touching it (c_yy is never formed: see
/// below). A copy: later updates do not change it.
/// For any beta, min_u ||y - X beta - Z Lambda u||^2 + ||u||^2 = c_yy - 2 beta'c_Xy + beta'C_XX beta
///   = l_yy^2 + ||L_XX' beta - l_yX||^2,
/// the second form a sum of squares with no cancellation (<see cref="PenalizedRss"/>): c_yy and c_Xy'beta are each
/// about y'y, which can be hundreds of times the pwrss.</summary>
internal sealed class SchurComplement
{
    private SchurComplement(int p, double[] cxx, double[] cxy, double[] lxx, double[] lyx, double ldL2, double pwrssWithoutPrior)
    {
        FixedEffectCount = p;
        Cxx = cxx;
        Cxy = cxy;
        _lxx = lxx;
        _lyx = lyx;
        LogDetLZSquared = ldL2;
        PenalizedRssWithoutPrior = pwrssWithoutPrior;
    }

    private readonly double[] _lxx;   // L_XX, column-major p x p, lower
    private readonly double[] _lyx;   // l_yX

    public int FixedEffectCount { get; }

    /// <summary>C_XX, column-major p x p, both triangles.</summary>
    public double[] Cxx { get; }

    public double[] Cxy { get; }

    /// <summary>lme4's ldL2 = log det(L_Z)^2; the prior does not change it.</summary>
    public double LogDetLZSquared { get; }

    /// <summary>The pwrss of the model without a prior (its closed-form sigma is the Newton start): l_yy^2, or where that
    /// is noisy (<see cref="LinearMixedModel.FactorPwrssIsNoisy"/>: l_yy^2 is formed by subtraction from y'y) the sum of
    /// squares of the penalized residual, as the objective without a prior has it.</summary>
    public double PenalizedRssWithoutPrior { get; }

    /// <summary>min_u ||y - X beta - Z Lambda u||^2 + ||u||^2 = pwrss + ||L_XX' beta - l_yX||^2 (a sum of squares).</summary>
    public double PenalizedRss(double[] beta)
    {
        int p = FixedEffectCount;
        double s = PenalizedRssWithoutPrior;
        for (int c = 0; c < p; c++)
        {
            double d = -_lyx[c];
            for (int r = c; r < p; r++) d += _lxx[c * p + r] * beta[r];     // (L_XX' beta)_c = sum_r L_XX[r, c] beta_r
            s += d * d;
        }
        return s;
    }

    /// <summary>Reads C from the model's factor, which must hold theta.</summary>
    public static SchurComplement Read(LinearMixedModel model)
    {
        var factor = model.Factor;
        factor.CheckHeld();
        var trailing = new TrailingReader(factor);
        int p = trailing.FixedCount;
        var lxx = new double[p * p];
        var lyx = new double[p];
        for (int c = 0; c < p; c++)
        {
            lyx[c] = trailing.ResponseX(c);
            for (int r = c; r < p; r++) lxx[c * p + r] = trailing.XyBlock(r, c);
        }

        var cxx = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0.0;
                for (int k = 0; k <= j; k++) s += lxx[k * p + i] * lxx[k * p + j];
                cxx[j * p + i] = cxx[i * p + j] = s;
            }
        var cxy = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = 0.0;
            for (int k = 0; k <= i; k++) s += lxx[k * p + i] * lyx[k];
            cxy[i] = s;
        }
        double lyy = trailing.ResponseDiagonal;
        double pwrss = lyy * lyy;
        if (model.FactorPwrssIsNoisy(pwrss))
            pwrss = model.SolutionAt(factor.HeldTheta, EstimationMethod.ML).PenalizedRss;
        return new SchurComplement(p, cxx, cxy, lxx, lyx, factor.LogDetLZSquared(), pwrss);
    }
}
