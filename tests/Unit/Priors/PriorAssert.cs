namespace LmmPS.Tests.Priors;

internal static class PriorAssert
{
    /// <summary>|actual - expected| within max(rel * |expected|, floor).</summary>
    public static void Near(double expected, double actual, double rel, string label, double floor = 0)
    {
        double allowed = Math.Max(rel * Math.Abs(expected), floor);
        Assert.True(Math.Abs(actual - expected) <= allowed,
            $"{label}: expected {expected:R}, got {actual:R} (diff {actual - expected:E3}, allowed {allowed:E3})");
    }
}
