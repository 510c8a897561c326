using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>Fixed effect j held at b. lme4 refits the model with X minus column j and offset x_j b, on the original
/// theta scale. Here the same deviance comes from the full model's factor at theta (see
/// <see cref="ConstrainedDeviance.PwrssWithFixedEffect"/>), minimised over theta; sigma is profiled out.</summary>
internal sealed class FixedEffectProblem : ThetaProblem
{
    public FixedEffectProblem(ProfileParameter parameter, ThetaLayout layout)
        : base(parameter, layout)
    {
    }

    public override double Deviance(ProfileEvaluator evaluator, double value, double[] free)
    {
        if (!evaluator.Update(free))
            return double.PositiveInfinity;
        double pwrss = Pwrss(evaluator, value, out _, out _, out _);
        return ConstrainedDeviance.SigmaProfiled(evaluator, pwrss);
    }

    public override ProfileState State(ProfileEvaluator evaluator, double value, double[] free)
    {
        double pwrss = Pwrss(evaluator, value, out var betaHat, out var column, out double vjj);
        // The other fixed effects move with b along column j of V: beta = beta_hat + (b - beta_hat_j) V e_j / V_jj.
        int j = Parameter.FixedEffect;
        double shift = (value - betaHat[j]) / vjj;
        var beta = new double[betaHat.Length];
        for (int t = 0; t < beta.Length; t++)
            beta[t] = t == j ? value : betaHat[t] + shift * column[t];
        return new ProfileState((double[])free.Clone(), Math.Sqrt(pwrss / evaluator.N), beta);
    }

    private double Pwrss(ProfileEvaluator evaluator, double value, out double[] betaHat, out double[] column, out double vjj)
    {
        int j = Parameter.FixedEffect;
        betaHat = evaluator.BetaHat();
        column = new double[evaluator.P];
        vjj = evaluator.VarianceColumn(j, column);
        return ConstrainedDeviance.PwrssWithFixedEffect(evaluator.Pwrss, betaHat[j], vjj, value);
    }
}
