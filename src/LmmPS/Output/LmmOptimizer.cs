namespace LmmPS;

/// <summary>The optimizer, as Invoke-LmmFit takes it; the module's own enum for the reason given on
/// <see cref="LmmMethod"/>.</summary>
public enum LmmOptimizer
{
    /// <summary>Derivative-free BOBYQA, lme4's default.</summary>
    Bobyqa,

    /// <summary>Projected L-BFGS-B, using the gradient of the objective.</summary>
    LBfgsB,
}
