namespace LmmPS.Core.Model;

/// <summary>How the dense kind's gradient (Gradients/ProfiledDevianceGradient) is computed, a setting of the model
/// (<see cref="LinearMixedModel.GradientPath"/>). Both paths are exact; they differ in cost and in where they may be
/// used.</summary>
internal enum GradientPath
{
    /// <summary>The diagonal-block path wherever every template is comfortably invertible, else the general one.</summary>
    Automatic,

    /// <summary>Gradients/WeightedSelectedInverse: S on the whole pattern of L; exact on the boundary too.</summary>
    General,

    /// <summary>Gradients/DiagonalBlockGradient only (throws where it does not apply).</summary>
    DiagonalBlocks,
}
