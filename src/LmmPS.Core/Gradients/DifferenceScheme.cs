namespace LmmPS.Core.Gradients;

/// <summary>Which finite difference estimated a derivative. One-sided schemes are used only where a central step
/// would leave the parameter's bounds (a variance parameter at or near 0).</summary>
public enum DifferenceScheme
{
    Central,
    Forward,
    Backward,
}
