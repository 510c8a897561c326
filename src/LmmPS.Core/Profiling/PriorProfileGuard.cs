using LmmPS.Core.Common;
using LmmPS.Core.Fitting;

namespace LmmPS.Core.Profiling;

/// <summary>Refuses to profile a fit made under a fixed-effect prior. The profiler walks the ML deviance of the model
/// without the prior (it refits by ML with no prior and re-optimises theta, sigma and beta by the plain profiled
/// deviance), so under a prior it would return the intervals of another model: centred on the unpenalised estimates
/// while the fit's Wald rows are centred on the prior's, with deviances below the penalised objective the fit
/// minimised. Profiling blme's penalised deviance needs sigma by Newton at every constrained point; until the walker
/// does that, the honest answer is a clear refusal.</summary>
internal static class PriorProfileGuard
{
    public const string ErrorId = "ProfileUnderPriorNotSupported";

    public static void Check(FitResult fit)
    {
        if (fit.Prior is null)
            return;
        throw new LmmException(ErrorId, LmmErrorCategory.NotImplemented,
            $"This fit of '{fit.Design.Formula.Text}' used a fixed-effect prior, and profiles are computed for the model without " +
            "a prior: they would be the intervals of another model (centred on the unpenalised estimates). Use the fit's Wald " +
            "standard errors, which are those of the penalised fit, or refit without -FixedEffectPriorSD to profile the likelihood.");
    }
}
