namespace LmmPS;

/// <summary>Which objective a fit with a fixed-effects prior minimises (issue #5): the profiled posterior mode, or
/// the likelihood with the fixed effects integrated out.</summary>
public enum LmmPriorObjective
{
    PosteriorMode,
    Integrated,
}
