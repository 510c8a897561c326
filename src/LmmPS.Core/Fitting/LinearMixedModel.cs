using LmmPS.Core.Design;

namespace LmmPS.Core.Fitting;

/// <summary>A model ready to evaluate: the cross-product blocks of [Z X y] formed once, and the blocked
/// Cholesky factor L updated in place for each theta. Not thread-safe: one optimizer drives one instance.</summary>
public sealed class LinearMixedModel
{
    public LinearMixedModel(ModelDesign design) => throw new NotImplementedException();

    public ModelDesign Design => throw new NotImplementedException();

    /// <summary>Lower bounds of theta: 0 for template diagonals, -infinity elsewhere.</summary>
    public IReadOnlyList<double> ThetaLower => throw new NotImplementedException();

    /// <summary>lme4's start: 1 on template diagonals, 0 elsewhere.</summary>
    public IReadOnlyList<double> DefaultStartTheta => throw new NotImplementedException();

    /// <summary>The profiled deviance (ML) or REML criterion at theta. Throws <see cref="Common.LmmException"/> for a
    /// theta of the wrong length or outside the bounds.</summary>
    public double Objective(ReadOnlySpan<double> theta, EstimationMethod method) => throw new NotImplementedException();

    /// <summary>The objective with sigma and beta at theta.</summary>
    public ProfiledPoint Evaluate(IReadOnlyList<double> theta, EstimationMethod method) => throw new NotImplementedException();
}
