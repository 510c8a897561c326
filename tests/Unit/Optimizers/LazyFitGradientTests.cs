using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.Priors;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Optimizers;

/// <summary>A fit reports the gradient L-BFGS-B already had at its optimum instead of computing it again, with the
/// same numbers as <see cref="LinearMixedModel.Gradient"/> / <see cref="PriorModel.Gradient"/> there, and the fit's
/// objective gives a right gradient wherever it is asked.</summary>
public class LazyFitGradientTests(ITestOutputHelper output)
{
    private static readonly FixedEffectPrior SleepstudyPrior = FixedEffectPrior.FromStandardDeviations(new[] { 10.0, 2.5 });

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void An_LBfgsB_fit_reports_the_gradient_at_its_optimum_without_computing_another(EstimationMethod method)
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, OptimizerKind = OptimizerKind.LBfgsB });
        var theta = fit.Theta.ToArray();

        Assert.Equal(new LinearMixedModel(design).Gradient(theta, method), fit.Gradient.ToArray());
        // The same optimizer run on the fit's objective: the fit adds no gradient of its own at the optimum.
        var model = new LinearMixedModel(design);
        var optimum = RunLikeTheFitter(model, method, null);
        output.WriteLine($"{method}: {fit.Evaluations} values, {fit.GradientEvaluations} gradients; optimizer alone {optimum.Evaluations}, {optimum.GradientEvaluations}");
        Assert.Equal(theta, optimum.X);
        Assert.Equal(optimum.Evaluations, fit.Evaluations);
        Assert.Equal(optimum.GradientEvaluations, fit.GradientEvaluations);
        Assert.InRange(fit.GradientEvaluations, 1, fit.Evaluations);
    }

    [Fact]
    public void A_fit_with_a_prior_reports_the_gradient_of_the_penalized_objective_at_its_optimum()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML, FixedEffectPrior = SleepstudyPrior });
        var theta = fit.Theta.ToArray();
        var prior = new PriorModel(new LinearMixedModel(design), SleepstudyPrior, EstimationMethod.REML);

        Assert.Equal(prior.Gradient(theta), fit.Gradient.ToArray());
        var optimum = RunLikeTheFitter(prior.Model, EstimationMethod.REML, new PriorModel(prior.Model, SleepstudyPrior, EstimationMethod.REML));
        output.WriteLine($"prior: {fit.Evaluations} values, {fit.GradientEvaluations} gradients");
        Assert.Equal(optimum.GradientEvaluations, fit.GradientEvaluations);
    }

    /// <summary>BOBYQA has no gradient, so the fit computes the one it reports: one gradient evaluation.</summary>
    [Fact]
    public void A_BOBYQA_fit_computes_the_gradient_once_at_its_optimum()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var fit = LmmFitter.Fit(design, new FitOptions { OptimizerKind = OptimizerKind.Bobyqa });

        Assert.Equal(1, fit.GradientEvaluations);
        Assert.Equal(new LinearMixedModel(design).Gradient(fit.Theta.ToArray(), EstimationMethod.REML), fit.Gradient.ToArray());
    }

    /// <summary>The gradient at a theta other than the last value's updates the factor there first, without reporting
    /// that update as a value; at the last value's theta it comes from the factor as it stands.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_fit_objective_gives_the_right_gradient_at_any_theta(bool withPrior)
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var model = new LinearMixedModel(design);
        var prior = withPrior ? new PriorModel(model, SleepstudyPrior, EstimationMethod.REML) : null;
        var values = new List<double[]>();
        var objective = new FitObjective(model, EstimationMethod.REML, prior, (theta, _) => values.Add(theta), default);
        double[] a = { 0.9, 0.05, 0.2 }, b = { 1.1, -0.1, 0.3 };
        double[] Expected(double[] theta)
        {
            var reference = new LinearMixedModel(design);
            return withPrior
                ? new PriorModel(reference, SleepstudyPrior, EstimationMethod.REML).Gradient(theta)
                : reference.Gradient(theta, EstimationMethod.REML);
        }

        objective.Value(a);
        objective.Value(b);
        var atB = new double[3];
        objective.Gradient(b, atB);
        var atA = new double[3];
        objective.Gradient(a, atA);

        Assert.Equal(Expected(b), atB);
        Assert.Equal(Expected(a), atA);
        Assert.Equal(2, values.Count);
        // The factor is now current at a: a value there matches one from a fresh model.
        Assert.Equal(withPrior ? new PriorModel(new LinearMixedModel(design), SleepstudyPrior, EstimationMethod.REML).Objective(a)
            : new LinearMixedModel(design).Objective(a, EstimationMethod.REML), objective.Value(a));
    }

    [Fact]
    public void The_fit_objective_gives_a_NaN_gradient_where_the_model_cannot_be_evaluated()
    {
        // A NaN theta gives no usable value, as a theta where the model cannot be factored does.
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var objective = new FitObjective(model, EstimationMethod.REML, null, (_, _) => { }, default);
        var gradient = new double[3];
        double value = objective.Value(new[] { double.NaN, 0, 1 });
        objective.Gradient(new[] { double.NaN, 0, 1 }, gradient);

        Assert.False(CountingObjective.IsUsable(value));
        Assert.All(gradient, g => Assert.True(double.IsNaN(g)));
    }

    private static OptimizerResult RunLikeTheFitter(LinearMixedModel model, EstimationMethod method, PriorModel? prior)
    {
        var objective = new FitObjective(model, method, prior, (_, _) => { }, default);
        var lower = model.ThetaLower.ToArray();
        var upper = lower.Select(_ => double.PositiveInfinity).ToArray();
        return new LBfgsBOptimizer().Minimize(objective, model.DefaultStartTheta.ToArray(), lower, upper, new OptimizerOptions
        {
            MaxEvaluations = new FitOptions().MaxEvaluations,
            StepTolerance = 1e-6,
            GradientTolerance = ThetaOptimizer.GradientTolerance,
            RelativeFunctionTolerance = ThetaOptimizer.RelativeFunctionTolerance,
        });
    }
}
