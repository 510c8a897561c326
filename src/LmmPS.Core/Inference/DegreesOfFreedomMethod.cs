namespace LmmPS.Core.Inference;

/// <summary>How the denominator degrees of freedom of a test of fixed effects are found.</summary>
public enum DegreesOfFreedomMethod
{
    /// <summary>Satterthwaite's approximation (lmerTest's default).</summary>
    Satterthwaite,

    /// <summary>Kenward-Roger's adjusted covariance and df (pbkrtest); REML fits only.</summary>
    KenwardRoger,

    /// <summary>No df and no p-value (lme4's table).</summary>
    None,
}
