namespace LmmPS.Core.Fitting;

/// <summary>Which optimizer a fit uses when <see cref="FitOptions.Optimizer"/> is not set.</summary>
public enum OptimizerKind
{
    /// <summary>Derivative-free BOBYQA (lme4's default optimizer).</summary>
    Bobyqa,

    /// <summary>Projected L-BFGS-B, using the gradient of the objective.</summary>
    LBfgsB,
}
