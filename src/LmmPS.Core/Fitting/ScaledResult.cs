using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;

namespace LmmPS.Core.Fitting;

/// <summary>Maps the fit of a reparametrised design back to the user's parametrisation (derivations in
/// <see cref="DesignScaling"/>): theta = M theta' per template, sigma = s_y sigma', beta = s_y T beta' + c e_int with
/// Cov(beta) = s_y^2 T Cov(beta') T', the deviance shifted by a constant, pwrss = s_y^2 pwrss', log|L_Z|^2 unchanged,
/// log|L_X|^2 - 2 log|det T|. Because Z Lambda = Z' Lambda' the spherical effects u (times s_y) and their conditional
/// covariance are those of the scaled factor, so b = Lambda u and the conditional SDs of b are read from the scaled
/// factor with the ORIGINAL templates: no quantity is evaluated on the badly scaled design.</summary>
internal static class ScaledResult
{
    public static FitResult ToOriginal(DesignScaling scaling, FitResult scaled, double shift)
    {
        var design = scaling.Original;
        var method = scaled.Method;
        var theta = scaling.ThetaToOriginal(scaled.Theta);
        double sigma = scaling.YScale * scaled.Sigma;

        var beta = scaling.BetaToOriginal(scaled.FixedEffects.Select(f => f.Estimate).ToArray());
        var vcov = scaling.CovarianceToOriginal(scaled.FixedEffectsCovariance);
        var fixedEffects = new List<FixedEffectEstimate>();
        for (int j = 0; j < beta.Length; j++)
        {
            double se = Math.Sqrt(vcov[j, j]);
            fixedEffects.Add(new FixedEffectEstimate(design.FixedEffectNames[j], beta[j], se, beta[j] / se));
        }

        // The scaled model, refactored at its optimum: its u and (L_Z L_Z')^-1 blocks serve the original templates.
        var model = new LinearMixedModel(scaling.Scaled);
        var scaledTheta = scaled.Theta.ToArray();
        model.UpdateAndRead(scaledTheta, method);
        var solution = model.SolutionAt(scaledTheta, method);
        var condSD = ConditionalVariances.Compute(model, theta, sigma);
        var layout = new ThetaLayout(design.RandomTerms);
        // The scaled model's terms have the original groups, levels and names; only Z (and so u's scale) differs.
        var (components, tables, singular) = FitResultBuilder.RandomParts(model, theta, sigma, solution, condSD, scaling.YScale);

        // The singular check is lme4's on the original templates; the scaled fit's own verdict is replaced.
        var warnings = scaled.Warnings.Where(w => !w.StartsWith(FitResultBuilder.SingularWarningStart, StringComparison.Ordinal)).ToList();
        if (singular.Count > 0)
            warnings.Add(FitResultBuilder.SingularWarning(singular));
        warnings.Add("The predictors or the response are badly scaled or far from zero: the model was fitted through an exact " +
            "reparametrisation (columns centred and scaled, each random-effects term's columns decorrelated) and every estimate " +
            "mapped back.");

        var gradient = scaled.Gradient.Count == theta.Length ? scaling.GradientToOriginal(scaled.Gradient) : Array.Empty<double>();
        return new FitResult
        {
            Design = design,
            Method = method,
            Objective = scaled.Objective + shift,
            Sigma = sigma,
            Theta = theta,
            FixedEffects = fixedEffects,
            FixedEffectsCovariance = vcov,
            VarianceComponents = components,
            RandomEffects = tables,
            PenalizedRss = scaling.YScale * scaling.YScale * scaled.PenalizedRss,
            LogDetLZSquared = scaled.LogDetLZSquared,
            LogDetLXSquared = scaled.LogDetLXSquared - 2.0 * scaling.LogDetT,
            Gradient = gradient,
            ProjectedGradientNorm = gradient.Length > 0 ? ProjectedGradient.Norm(theta, layout.Lower, gradient) : double.NaN,
            Evaluations = scaled.Evaluations,
            GradientEvaluations = scaled.GradientEvaluations,
            Converged = scaled.Converged,
            ConvergenceMessage = scaled.ConvergenceMessage,
            OptimizerName = scaled.OptimizerName,
            IsSingular = singular.Count > 0,
            SingularTerms = singular.Distinct().ToArray(),
            Warnings = warnings,
            Elapsed = scaled.Elapsed,
            Prior = null,
        };
    }
}
