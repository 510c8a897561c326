using LmmPS.Core.Design;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;

namespace LmmPS.Core.Fitting;

/// <summary>Where the refits of a fit's simulated responses run (the parametric bootstrap): on the fit's design when it is
/// well scaled, else on the same exact reparametrisation the fit itself used (<see cref="DesignScaling"/>), with the
/// fit's estimates carried into it and each refit's carried back. On the design as given a refit of sleepstudy with
/// D = Days + 1e6 loses the digits the fit kept: every replicate came back singular and some not converged. Drawing
/// y' = (y - c) / s_y in the scaled space is the same draw: X' beta' = (X beta - c) / s_y, Z' Lambda' = Z Lambda and
/// sigma' = sigma / s_y.</summary>
internal sealed class RefitSpace
{
    private readonly DesignScaling? _scaling;
    private readonly EstimationMethod _method;

    private RefitSpace(FitResult fit)
    {
        _method = fit.Method;
        var beta = fit.FixedEffects.Select(f => f.Estimate).ToArray();
        if (DesignScaling.IsNeeded(fit.Design))
        {
            _scaling = DesignScaling.For(fit.Design);
            Design = _scaling.Scaled;
            Theta = _scaling.ThetaToScaled(fit.Theta);
            Beta = _scaling.BetaToScaled(beta);
            Sigma = fit.Sigma / _scaling.YScale;
        }
        else
        {
            Design = fit.Design;
            Theta = fit.Theta.ToArray();
            Beta = beta;
            Sigma = fit.Sigma;
        }
    }

    public static RefitSpace For(FitResult fit) => new(fit ?? throw new ArgumentNullException(nameof(fit)));

    /// <summary>The design the refits' model is built on.</summary>
    public ModelDesign Design { get; }

    /// <summary>The fit's theta, beta and sigma in that design's parametrisation: the simulation's truth and the refits'
    /// warm start.</summary>
    public double[] Theta { get; }

    public double[] Beta { get; }

    public double Sigma { get; }

    /// <summary>A refit on <paramref name="model"/> (built on <see cref="Design"/>) in the user's parametrisation; the
    /// singular check is lme4's on the original templates.</summary>
    public RefitEstimate ToOriginal(RefitEstimate refit, LinearMixedModel model)
    {
        if (_scaling is null)
            return refit;
        var theta = _scaling.ThetaToOriginal(refit.Theta);
        return refit with
        {
            Theta = theta,
            Beta = _scaling.BetaToOriginal(refit.Beta),
            Sigma = _scaling.YScale * refit.Sigma,
            Objective = refit.Objective + ScaledFit.ObjectiveShift(_scaling, _method),
            Singular = FitResultBuilder.IsSingular(model, theta),
        };
    }
}
