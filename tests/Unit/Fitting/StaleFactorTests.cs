using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The factor's state is a value its readers check: reading with the state of an earlier update, at a theta
/// the factor does not hold, or after the response changed throws instead of returning numbers of another theta.</summary>
public class StaleFactorTests
{
    private static readonly double[] First = { 0.9, 0.05, 0.2 };
    private static readonly double[] Second = { 1.0, 0.0, 1.0 };

    [Fact]
    public void A_state_from_an_earlier_update_is_refused()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var first = model.Factor.Refactor(First);
        Assert.True(first.Factored);
        // Read with its own state: the objective a fresh model gives at that theta.
        double expected = new LinearMixedModel(HandBuiltDesigns.Sleepstudy()).Objective(First, EstimationMethod.ML);
        Assert.Equal(expected, model.ObjectiveAt(first, EstimationMethod.ML));

        var second = model.Factor.Refactor(Second);
        var e = Assert.Throws<StaleFactorException>(() => model.ObjectiveAt(first, EstimationMethod.ML));
        Assert.Contains($"update {first.Version}", e.Message);
        Assert.NotEqual(expected, model.ObjectiveAt(second, EstimationMethod.ML));
    }

    [Fact]
    public void Readers_given_a_theta_the_factor_does_not_hold_throw()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        model.Factor.Update(First);
        model.Factor.Update(Second);
        var gradient = new double[3];
        var e = Assert.Throws<StaleFactorException>(() => model.GradientAtCurrent(First, EstimationMethod.REML, gradient));
        Assert.Contains("holds theta = (1, 0, 1)", e.Message);
        Assert.Throws<StaleFactorException>(() => ModelSolution.Compute(model, First, EstimationMethod.REML));
        Assert.Throws<StaleFactorException>(() => AverageInformation.Compute(model, First, EstimationMethod.REML, gradient));
        // At the theta it holds every one of them reads.
        model.GradientAtCurrent(Second, EstimationMethod.REML, gradient);
        Assert.Equal(model.Gradient(Second, EstimationMethod.REML), gradient);
    }

    [Fact]
    public void After_a_new_response_nothing_is_read_until_the_next_update()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var state = model.Factor.Refactor(First);
        model.SetResponse(model.Design.Response.Select(y => y + 1.0).ToArray());
        Assert.Throws<StaleFactorException>(() => model.ObjectiveAt(state, EstimationMethod.ML));
        Assert.Throws<StaleFactorException>(() => model.Factor.PenalizedRss());
        Assert.Throws<StaleFactorException>(() => model.LevelBlocks.Compute(new double[9]));
        Assert.Throws<StaleFactorException>(() => ModelSolution.Compute(model, First, EstimationMethod.ML));
        Assert.Throws<StaleFactorException>(() => ConditionalVariances.Compute(model, First, 1.0));
    }
}
