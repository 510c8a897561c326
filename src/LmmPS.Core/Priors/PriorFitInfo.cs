namespace LmmPS.Core.Priors;

/// <summary>What a fit with a fixed-effect prior used and what the prior contributed. The fit's Objective, LogLikelihood,
/// AIC and BIC exclude the prior, as blme reports them; <see cref="PenalizedObjective"/> = Objective + <see cref="Penalty"/>
/// is the value the optimizer minimised.</summary>
/// <param name="Prior">The prior as given.</param>
/// <param name="Scale">Relative (Sigma_beta = sigma^2 S) or absolute (Sigma_beta = S).</param>
/// <param name="Objective">The objective minimised (the prior's own, else the method's).</param>
/// <param name="Covariance">The prior covariance S for the model's coefficients (SDs expanded); on the relative scale
/// the prior covariance of beta is sigma^2 S.</param>
/// <param name="Penalty">-2 log N(beta-hat; 0, Sigma_beta) at the optimum (blme's "Prior dev").</param>
/// <param name="PenalizedObjective">Objective + Penalty: the value the optimizer minimised (blme's penalised objective).</param>
/// <param name="SigmaIterations">Newton steps for sigma at the optimum (0 on the relative scale: closed form).</param>
/// <param name="MaxSigmaIterations">The most Newton steps any evaluation of the fit took.</param>
public sealed record PriorFitInfo(
    FixedEffectPrior Prior,
    PriorScale Scale,
    PriorObjective Objective,
    double[,] Covariance,
    double Penalty,
    double PenalizedObjective,
    int SigmaIterations,
    int MaxSigmaIterations);
