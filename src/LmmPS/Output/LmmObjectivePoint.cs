namespace LmmPS;

/// <summary>The profiled objective at one theta, with sigma and beta profiled out: what lme4's <c>devfun(theta)</c>
/// computes. <see cref="Deviance"/> is -2 x <see cref="LogLik"/> of the chosen criterion (the ML deviance, or the
/// REML criterion); it equals <see cref="Objective"/>.</summary>
public sealed class LmmObjectivePoint
{
    public LmmObjectivePoint(
        string formula,
        string method,
        string[] thetaNames,
        double[] theta,
        double objective,
        double sigma,
        string[] fixedEffectNames,
        double[] beta,
        double penalizedRss,
        double logDetLZSquared,
        double logDetLXSquared)
    {
        Formula = formula;
        Method = method;
        ThetaNames = thetaNames;
        Theta = theta;
        Objective = objective;
        Sigma = sigma;
        FixedEffectNames = fixedEffectNames;
        Beta = beta;
        PenalizedRss = penalizedRss;
        LogDetLZSquared = logDetLZSquared;
        LogDetLXSquared = logDetLXSquared;
    }

    public string Formula { get; }

    public string Method { get; }

    public string[] ThetaNames { get; }

    public double[] Theta { get; }

    public double Objective { get; }

    public double LogLik => -Objective / 2;

    public double Deviance => Objective;

    public double Sigma { get; }

    public string[] FixedEffectNames { get; }

    /// <summary>Fixed effects at this theta, in the order of <see cref="FixedEffectNames"/>.</summary>
    public double[] Beta { get; }

    /// <summary>Penalized residual sum of squares (lme4's pwrss).</summary>
    public double PenalizedRss { get; }

    /// <summary>log det(L_Z)^2 (lme4's ldL2).</summary>
    public double LogDetLZSquared { get; }

    /// <summary>log det(L_X)^2 (lme4's ldRX2).</summary>
    public double LogDetLXSquared { get; }
}
