using LmmPS.Core.Common;

namespace LmmPS.Conversion;

/// <summary>Engine features the cmdlets already expose but the engine does not have yet. Asking for one is a
/// terminating <c>NotImplemented</c> error naming the issue that brings it; results are never faked.</summary>
public static class PendingFeature
{
    public static LmmException Gradient() => Create("Analytic gradients", 4, "Test-LmmGradient");

    private static LmmException Create(string feature, int issue, string usage) =>
        new("NotImplemented", LmmErrorCategory.NotImplemented,
            $"{feature} are not in the LmmPS engine yet (issue #{issue}); {usage} will work once it lands. " +
            "Get-LmmProfile -Design -Theta (the profiled objective at a point) works today.");
}
