namespace LmmPS.Core.Priors;

/// <summary>Units of a fixed-effect prior's covariance.</summary>
public enum PriorScale
{
    /// <summary>beta ~ N(0, sigma^2 S): S is relative to the residual variance (blme's default,
    /// <c>common.scale = TRUE</c>). sigma still profiles out in closed form.</summary>
    Relative,

    /// <summary>beta ~ N(0, S): S is in the response's own units (blme's <c>common.scale = FALSE</c>). sigma has no
    /// closed form and is found by Newton's method at each theta.</summary>
    Absolute,
}
