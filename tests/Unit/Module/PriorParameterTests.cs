using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;

namespace LmmPS.Tests.Module;

/// <summary>Invoke-LmmFit's prior parameters (-FixedEffectPriorSD, -FixedEffectPriorCovariance, -PriorScale,
/// -PriorObjective) as the cmdlet turns them into the engine's prior, and how a fit with a prior shows it.</summary>
public class PriorParameterTests
{
    [Fact]
    public void No_prior_parameters_mean_no_prior()
    {
        Assert.Null(PriorOptionsFactory.Build(null, null, null, null));
    }

    [Fact]
    public void SDs_default_to_the_relative_scale_and_the_methods_objective()
    {
        var prior = PriorOptionsFactory.Build(new[] { 10.0, 2.5 }, null, null, null)!;
        Assert.Equal(PriorScale.Relative, prior.Scale);
        Assert.Null(prior.Objective);
        Assert.Equal(PriorObjective.PosteriorMode, prior.ObjectiveFor(EstimationMethod.ML));
        Assert.Equal(PriorObjective.IntegratedLikelihood, prior.ObjectiveFor(EstimationMethod.REML));
        Assert.Equal(new[] { 10.0, 2.5 }, prior.StandardDeviations);
    }

    [Fact]
    public void Scale_and_objective_strings_map_to_the_engine()
    {
        var prior = PriorOptionsFactory.Build(null, new[,] { { 4.0, 1.0 }, { 1.0, 9.0 } }, "Absolute", "IntegratedLikelihood")!;
        Assert.Equal(PriorScale.Absolute, prior.Scale);
        Assert.Equal(PriorObjective.IntegratedLikelihood, prior.ObjectiveFor(EstimationMethod.ML));
        Assert.Equal(9.0, prior.Covariance![1, 1]);
    }

    [Fact]
    public void SD_and_covariance_together_is_PriorSpecificationConflict()
    {
        var e = Assert.Throws<LmmException>(() => PriorOptionsFactory.Build(new[] { 1.0 }, new double[,] { { 1.0 } }, null, null));
        Assert.Equal("PriorSpecificationConflict", e.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-FixedEffectPriorSD and -FixedEffectPriorCovariance", e.Message);
    }

    [Theory]
    [InlineData("Absolute", null, "-PriorScale")]
    [InlineData(null, "PosteriorMode", "-PriorObjective")]
    public void Scale_or_objective_without_a_prior_is_PriorOptionWithoutPrior(string? scale, string? objective, string named)
    {
        var e = Assert.Throws<LmmException>(() => PriorOptionsFactory.Build(null, null, scale, objective));
        Assert.Equal("PriorOptionWithoutPrior", e.ErrorId);
        Assert.Contains(named + " was given without a prior", e.Message);
    }

    [Fact]
    public void A_fit_with_a_prior_shows_the_prior_the_penalty_and_the_penalised_objective()
    {
        var design = new LmmDesign(SleepstudyFixture.Design(), "sleepstudy.csv");
        var prior = PriorOptionsFactory.Build(new[] { 10.0, 2.5 }, null, "Absolute", null);
        var fit = new LmmFit(LmmFitter.Fit(design.Engine, new FitOptions { Method = EstimationMethod.ML, FixedEffectPrior = prior }), design);
        Assert.Equal("normal(sd = c(10, 2.5), Absolute)", fit.Prior);
        Assert.Equal("PosteriorMode", fit.PriorObjective);
        // blme 1.0-5's tight optimum of this model (reference blme_abs_sleepstudy_ML.json): 1842.37911852433.
        Assert.Equal(1842.379118524, fit.PenalizedObjective!.Value, 5);
        Assert.Equal(fit.PenalizedObjective.Value, fit.Objective + fit.PriorPenalty!.Value, 9);
        Assert.InRange(fit.SigmaIterations!.Value, 1, 6);
        string summary = fit.Summary();
        Assert.Contains("Fixed-effect prior: normal(sd = c(10, 2.5), Absolute), objective PosteriorMode; prior penalty ", summary);
        Assert.Contains("penalised objective 1842.3791", summary);
    }

    [Fact]
    public void A_fit_without_a_prior_has_no_prior_properties_and_no_prior_line()
    {
        var design = new LmmDesign(SleepstudyFixture.Design(), "sleepstudy.csv");
        var fit = new LmmFit(SleepstudyFixture.Result(design.Engine), design);
        Assert.Null(fit.Prior);
        Assert.Null(fit.PriorPenalty);
        Assert.Null(fit.SigmaIterations);
        Assert.DoesNotContain("prior", fit.Summary());
    }
}
