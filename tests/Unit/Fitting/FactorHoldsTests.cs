using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The fit skips refactoring at the optimum when the factor already holds it (BlockedFactor.Holds); that is
/// only sound if Holds is true exactly after a successful Update at the same values.</summary>
public class FactorHoldsTests
{
    [Fact]
    public void The_factor_holds_exactly_the_theta_of_its_last_successful_update()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var factor = model.Factor;
        var theta = new[] { 0.9, 0.05, 0.2 };
        Assert.False(factor.Holds(theta));
        Assert.True(factor.Update(theta));
        Assert.True(factor.Holds(theta));
        Assert.False(factor.Holds(new[] { 0.9, 0.05, 0.2000000000000001 }));
        Assert.True(factor.Update(new[] { 1.0, 0.0, 1.0 }));
        Assert.False(factor.Holds(theta));

        // Reading at the held theta gives the objective a refactor gives.
        double fresh = model.UpdateAndRead(theta, EstimationMethod.REML);
        Assert.Equal(fresh, model.ReadAt(theta, EstimationMethod.REML));
        Assert.Equal(fresh, model.ReadAt(theta.ToArray(), EstimationMethod.REML));
        // And at another theta ReadAt refactors.
        double other = model.ReadAt(new[] { 1.0, 0.0, 1.0 }, EstimationMethod.REML);
        Assert.Equal(model.UpdateAndRead(new[] { 1.0, 0.0, 1.0 }, EstimationMethod.REML), other);
        Assert.NotEqual(fresh, other);
    }
}
