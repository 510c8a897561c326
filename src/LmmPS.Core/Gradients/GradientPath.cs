namespace LmmPS.Core.Gradients;

/// <summary>How <see cref="ProfiledDevianceGradient"/> computes the gradient. Both are exact; they differ in cost
/// and in where they may be used.</summary>
internal enum GradientPath
{
    /// <summary>The diagonal-block path wherever every template is comfortably invertible, else the general one.</summary>
    Automatic,

    /// <summary><see cref="WeightedSelectedInverse"/>: S on the whole pattern of L; exact on the boundary too.</summary>
    General,

    /// <summary><see cref="DiagonalBlockGradient"/> only (throws where it does not apply).</summary>
    DiagonalBlocks,
}
