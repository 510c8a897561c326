using LmmPS.Core.Design;

namespace LmmPS.Tests.Design;

/// <summary>lme4's mkReTrms: reorder only if some term has more levels than the one before it, and then by
/// rev(order(nlevels)), which reverses ties.</summary>
public class RandomTermOrderTests
{
    [Theory]
    [InlineData(new[] { 2972, 1128, 28 }, new[] { 0, 1, 2 })] // InstEval: already decreasing, kept
    [InlineData(new[] { 10, 30 }, new[] { 1, 0 })]           // Pastes: batch, batch:cask -> batch:cask, batch
    [InlineData(new[] { 18, 18 }, new[] { 0, 1 })]           // sleepstudy (1|S) + (0+Days|S): no increase, kept
    [InlineData(new[] { 20, 5, 5 }, new[] { 0, 1, 2 })]      // non-increasing with a tie: kept as written
    [InlineData(new[] { 5, 20, 5 }, new[] { 1, 2, 0 })]      // reordered: the tied 5s come out reversed
    [InlineData(new[] { 3, 10, 10 }, new[] { 2, 1, 0 })]     // reordered: the tied 10s come out reversed
    [InlineData(new int[0], new int[0])]
    public void Order_follows_mkReTrms(int[] levelCounts, int[] expected)
    {
        Assert.Equal(expected, RandomTermOrder.Order(levelCounts));
    }
}
