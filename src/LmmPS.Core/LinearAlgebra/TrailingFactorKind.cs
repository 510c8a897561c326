namespace LmmPS.Core.LinearAlgebra;

/// <summary>How the factor holds the part after the first random-effects term: the later terms' levels bordered by
/// [X y]. Both give the same numbers (to rounding); they differ in time and memory.</summary>
public enum TrailingFactorKind
{
    /// <summary>Chosen from the symbolic analysis of the later terms' pattern when the model is built: sparse when
    /// its predicted multiply-adds are below a tenth of the dense m^3/6 (bench/README.md, "Crossover"), dense
    /// otherwise (fully crossed designs).</summary>
    Automatic,

    /// <summary>One dense m x m Cholesky: the only kind with the analytic gradient and the average-information
    /// Hessian, which profiles, priors and hat values need.</summary>
    Dense,

    /// <summary>A supernodal sparse Cholesky of the later terms' levels in a fill-reducing order with the [X y] rows
    /// as its dense border (every later term must have one column, such as (1 | g)).</summary>
    Sparse,
}
