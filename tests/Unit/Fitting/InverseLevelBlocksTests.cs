using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The level blocks keep one inverse of the factor for as long as the factor does not change (the gradient at
/// the optimum and the conditional variances share it); after an Update they must invert again.</summary>
public class InverseLevelBlocksTests
{
    [Fact]
    public void Reusing_the_inverse_gives_what_a_fresh_computation_gives_and_an_update_invalidates_it()
    {
        var design = HandBuiltDesigns.Penicillin();
        var model = new LinearMixedModel(design);
        var shared = model.LevelBlocks;
        int b = design.FixedEffectCount + 1;
        var gradientWeights = new double[b * b];
        gradientWeights[b * b - 1] = design.RowCount;
        var zero = new double[b * b];

        Assert.True(model.Factor.Update(new[] { 1.2, 0.8 }));
        shared.Compute(gradientWeights);
        shared.Compute(zero); // the inverse is reused here
        var fresh = new InverseLevelBlocks(model.Factor, "test");
        fresh.Compute(zero);
        Assert.Equal(fresh.FirstGrams, shared.FirstGrams);
        Assert.Equal(fresh.LaterBlocks, shared.LaterBlocks);

        // Another theta: the shared blocks must follow the new factor, not the kept inverse.
        Assert.True(model.Factor.Update(new[] { 0.4, 2.0 }));
        shared.Compute(zero);
        var after = new InverseLevelBlocks(model.Factor, "test");
        after.Compute(zero);
        Assert.Equal(after.FirstGrams, shared.FirstGrams);
        Assert.Equal(after.LaterBlocks, shared.LaterBlocks);
        Assert.NotEqual(fresh.FirstGrams, after.FirstGrams);
    }
}
