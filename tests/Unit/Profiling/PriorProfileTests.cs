using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Profiling;

/// <summary>Issue 17 item 1: a fit under a fixed-effect prior minimised blme's penalised deviance; the profiler walks
/// the likelihood without the prior. Before: Get-LmmProfile returned the prior-free intervals (251.41, 237.68-265.13)
/// while the fit's Wald row sat on the prior's estimate. Now it refuses with its own ErrorId, for REML and ML.</summary>
public class PriorProfileTests
{
    [Theory]
    [InlineData(EstimationMethod.REML)]
    [InlineData(EstimationMethod.ML)]
    public void Profiling_a_fit_under_a_prior_is_refused(EstimationMethod method)
    {
        var fit = LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions
        {
            Method = method,
            FixedEffectPrior = FixedEffectPrior.FromStandardDeviations(new[] { 1.0, 1.0 }),
        });
        Assert.NotNull(fit.Prior);
        var e = Assert.Throws<LmmException>(() => LmmProfiler.Profile(fit, new ProfileOptions { Parameters = new[] { "(Intercept)" } }));
        Assert.Equal("ProfileUnderPriorNotSupported", e.ErrorId);
        Assert.Contains("fixed-effect prior", e.Message);
        Assert.Contains("Reaction ~ Days + (Days | Subject)", e.Message);
    }
}
