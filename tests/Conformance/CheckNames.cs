namespace LmmPS.Conformance;

/// <summary>The check names printed in the result lines (composite checks add <c>/group</c> or <c>/label</c>).</summary>
public static class CheckNames
{
    public const string Reference = "reference";
    public const string Data = "data";
    public const string Design = "design";
    public const string Fit = "fit";
    public const string Objective = "objective";
    public const string Theta = "theta";
    public const string Sigma = "sigma";
    public const string Beta = "beta";
    public const string BetaSE = "beta_se";
    public const string VarComp = "varcomp";
    public const string Ranef = "ranef";
    public const string LogLik = "logLik";
    public const string AIC = "AIC";
    public const string BIC = "BIC";
    public const string DevfunPoints = "devfun_points";
    public const string TightObjective = "tight_objective";
    public const string TightTheta = "tight_theta";
    public const string TightSigma = "tight_sigma";
    public const string TightBeta = "tight_beta";
    public const string TightOptimum = "tight_optimum";
    public const string Gradient = "gradient";
    public const string ProfileCi = "profile_ci";
}

/// <summary>The tolerances of the checks (see the brief of the conformance runner).</summary>
public static class Tolerances
{
    public const double Objective = 1e-6;      // relative; lower than the reference also passes
    public const double Theta = 1e-3;          // absolute
    public const double Estimate = 1e-4;       // relative: sigma, beta, beta_se
    public const double VarComp = 1e-3;        // relative; absolute for correlations and |ref| < VarCompNearZero
    public const double VarCompNearZero = 1e-3;
    public const double Ranef = 1e-3;          // relative, absolute floor RanefFloor * max|column|
    public const double RanefFloor = 1e-3;
    public const double Criterion = 1e-6;      // relative: logLik, AIC, BIC
    public const double DevfunValue = 1e-8;    // relative: objective at a fixed theta
    public const double DevfunEstimate = 1e-6; // relative: sigma, beta at a fixed theta
}
