namespace LmmPS.Core.Profiling;

/// <summary>The ML deviance (-2 log-likelihood) with one parameter held, written in the pieces of the blocked factor
/// at theta: pwrss (penalised residual sum of squares, minimised over beta and u), ldL2 = log det(L_Z)^2, and for a
/// held fixed effect the (j, j) element of (L_X L_X')^-1. With sigma NOT profiled out the deviance is
///     d(theta, sigma) = ldL2 + pwrss / sigma^2 + n log(2 pi sigma^2)
/// (lme4's devfun2, which profile() uses). ldRX2 does not appear: lme4 profiles REML fits on the ML deviance
/// (profile() calls refitML), and so do we; the REML criterion would not be comparable across held fixed effects.</summary>
internal static class ConstrainedDeviance
{
    /// <summary>d(theta, sigma) at a given sigma for the evaluator's model at its current theta: with prior weights
    /// -2 log-likelihood has the extra constant -sum log w (Model/ProfiledCriterion), so the profile's deviances
    /// compare with the fit's objective.</summary>
    public static double AtSigma(ProfileEvaluator evaluator, double sigma) =>
        WithWeights(AtSigma(evaluator.N, evaluator.Pwrss, evaluator.LogDetLZSquared, sigma), evaluator);

    /// <summary>min over sigma of d(theta, sigma) with penalised RSS <paramref name="pwrss"/> (with the weights' constant).</summary>
    public static double SigmaProfiled(ProfileEvaluator evaluator, double pwrss) =>
        WithWeights(SigmaProfiled(evaluator.N, pwrss, evaluator.LogDetLZSquared), evaluator);

    private static double WithWeights(double deviance, ProfileEvaluator evaluator) =>
        evaluator.SumLogWeights == 0.0 ? deviance : deviance - evaluator.SumLogWeights;

    /// <summary>d(theta, sigma) at a given sigma.</summary>
    public static double AtSigma(int n, double pwrss, double ldL2, double sigma)
    {
        double s2 = sigma * sigma;
        return ldL2 + pwrss / s2 + n * Math.Log(2.0 * Math.PI * s2);
    }

    /// <summary>min over sigma of d(theta, sigma): sigma^2 = pwrss / n gives n (1 + log(2 pi pwrss / n)) + ldL2.</summary>
    public static double SigmaProfiled(int n, double pwrss, double ldL2) =>
        n * (1.0 + Math.Log(2.0 * Math.PI * pwrss / n)) + ldL2;

    /// <summary>The penalised RSS with fixed effect j held at b. The PLS criterion is quadratic in beta,
    /// r^2(beta) = pwrss + || L_X' (beta - beta_hat) ||^2, and minimising it over the other fixed effects with
    /// beta_j = b leaves pwrss + (b - beta_hat_j)^2 / V_jj, V = (L_X L_X')^-1. This equals the pwrss of the model
    /// with y - x_j b as response and X without column j (lme4 refits exactly that, with an offset), without
    /// forming that model's cross-product.</summary>
    public static double PwrssWithFixedEffect(double pwrss, double betaHat, double vjj, double b)
    {
        double d = b - betaHat;
        return pwrss + d * d / vjj;
    }
}
