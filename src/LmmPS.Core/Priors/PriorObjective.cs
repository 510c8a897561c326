namespace LmmPS.Core.Priors;

/// <summary>What a fit with a fixed-effect prior maximises over beta (and sigma) at each theta.</summary>
public enum PriorObjective
{
    /// <summary>(a) The posterior mode with beta profiled: -2 log[p(y | theta, beta, sigma) N(beta; 0, Sigma_beta)]
    /// at the joint mode of beta, u integrated out. blme's criterion for <c>REML = FALSE</c>; the ML analogue.</summary>
    PosteriorMode,

    /// <summary>(b) The likelihood with beta integrated out under its prior: -2 log p(y | theta, sigma). blme's
    /// criterion for <c>REML = TRUE</c>; the REML analogue (integrating beta out is what REML does with a flat prior).</summary>
    IntegratedLikelihood,
}
