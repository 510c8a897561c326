namespace LmmPS;

/// <summary>How Invoke-LmmFit and Test-LmmFixedEffect find the denominator df of fixed-effect tests (the module's own
/// enum, not the engine's, for the reason given on <see cref="LmmMethod"/>).</summary>
public enum LmmDegreesOfFreedom
{
    /// <summary>Satterthwaite's approximation (lmerTest's default).</summary>
    Satterthwaite,

    /// <summary>Kenward-Roger (pbkrtest); REML fits only.</summary>
    KenwardRoger,

    /// <summary>No df and no p-values (lme4's table).</summary>
    None,
}
