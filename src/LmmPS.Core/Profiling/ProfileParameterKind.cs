namespace LmmPS.Core.Profiling;

/// <summary>What a profiled parameter is, which decides how the others are re-optimised when it is held.</summary>
public enum ProfileParameterKind
{
    /// <summary>A random-effect standard deviation (<c>sd_NAME|GROUP</c>), in the response's units.</summary>
    StdDev,

    /// <summary>A random-effect correlation (<c>cor_ROW.COLUMN|GROUP</c>).</summary>
    Correlation,

    /// <summary>The residual standard deviation (<c>sigma</c>).</summary>
    Sigma,

    /// <summary>A fixed-effect coefficient.</summary>
    FixedEffect,
}
