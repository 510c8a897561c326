namespace LmmPS.Core.Priors;

/// <summary>Everything the prior's objective gives at one (theta, sigma): the joint mode of beta, the pieces of the
/// objective and its first two derivatives in sigma. Internal: <see cref="SigmaProfile"/> is the public face.</summary>
internal sealed class SigmaState
{
    public required double Sigma { get; init; }

    /// <summary>beta~(sigma) = M^-1 c_Xy, M = C_XX + k S^-1 (k = sigma^2 absolute, 1 relative).</summary>
    public required double[] Beta { get; init; }

    /// <summary>c_yy - c_Xy'beta~ = wrss + ||u~||^2 + k beta~'S^-1 beta~: the penalised RSS of the joint mode.</summary>
    public required double PenalizedRss { get; init; }

    /// <summary>beta~'S^-1 beta~.</summary>
    public required double BetaQuadraticForm { get; init; }

    /// <summary>log det M: lme4's ldRX2 with the prior's penalty in it, as blme reports it.</summary>
    public required double LogDetM { get; init; }

    /// <summary>The factor of M (the posterior precision of beta times sigma^2): vcov = sigma^2 M^-1.</summary>
    public required SymmetricPositiveDefinite M { get; init; }

    /// <summary>f(theta, sigma): -2 log of the chosen objective, all constants included (the value minimised).</summary>
    public required double Value { get; init; }

    public required double First { get; init; }

    public required double Second { get; init; }

    /// <summary>-2 log N(beta~; 0, Sigma_beta): the prior's share of <see cref="Value"/>, which blme reports apart.</summary>
    public required double Penalty { get; init; }

    /// <summary>wrss + ||u~||^2 (the penalised RSS without the prior's term).</summary>
    public double RssWithoutPrior(PriorScale scale) =>
        PenalizedRss - (scale == PriorScale.Absolute ? Sigma * Sigma : 1.0) * BetaQuadraticForm;
}
