using LmmPS.Core.Common;
using LmmPS.Core.Design;

namespace LmmPS.Core.Fitting;

/// <summary>A model ready to evaluate: the cross-product blocks of [Z X y] formed once, and the blocked
/// Cholesky factor L updated in place for each theta. Not thread-safe: one optimizer drives one instance
/// (two instances over one design are independent).</summary>
public sealed class LinearMixedModel
{
    private readonly ThetaLayout _layout;
    private readonly BlockedFactor _factor;
    private readonly IReadOnlyList<string> _thetaNames;

    public LinearMixedModel(ModelDesign design)
    {
        Design = design ?? throw new ArgumentNullException(nameof(design));
        if (design.RowCount <= design.FixedEffectCount)
            throw new LmmException("TooFewObservations", LmmErrorCategory.InvalidData,
                $"The model has {design.FixedEffectCount} fixed effects but only {design.RowCount} usable rows; it needs more rows than fixed effects.");
        _layout = new ThetaLayout(design.RandomTerms);
        _thetaNames = design.ThetaNames;
        _factor = new BlockedFactor(new BlockedCrossProduct(design), _layout);
    }

    public ModelDesign Design { get; }

    /// <summary>Lower bounds of theta: 0 for template diagonals, -infinity elsewhere.</summary>
    public IReadOnlyList<double> ThetaLower => _layout.Lower;

    /// <summary>lme4's start: 1 on template diagonals, 0 elsewhere.</summary>
    public IReadOnlyList<double> DefaultStartTheta => _layout.Start;

    internal ThetaLayout Layout => _layout;

    internal BlockedFactor Factor => _factor;

    /// <summary>The profiled deviance (ML) or REML criterion at theta; +infinity where the fixed-effects part cannot
    /// be factored. Throws <see cref="LmmException"/> for a theta of the wrong length or outside the bounds.</summary>
    public double Objective(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        _layout.Validate(theta, _thetaNames);
        return UpdateAndRead(theta, method);
    }

    /// <summary>The objective with sigma and beta at theta.</summary>
    public ProfiledPoint Evaluate(IReadOnlyList<double> theta, EstimationMethod method)
    {
        var t = theta.ToArray();
        double objective = Objective(t, method);
        if (double.IsInfinity(objective))
            throw new LmmException("FactorizationFailed", LmmErrorCategory.InvalidResult,
                $"At theta = ({string.Join(", ", t)}) the fixed-effects cross-product is not positive definite; the fixed effects are not estimable there.");
        var solution = ModelSolution.Compute(this, method);
        return new ProfiledPoint(t, method, objective, solution.Sigma, solution.Beta, solution.PenalizedRss,
            solution.LogDetLZSquared, solution.LogDetLXSquared);
    }

    /// <summary>Objective without validation, for the optimizer's inner loop (it keeps theta within bounds).</summary>
    internal double UpdateAndRead(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        if (!_factor.Update(theta))
            return double.PositiveInfinity;
        return ObjectiveAtCurrent(method);
    }

    internal double ObjectiveAtCurrent(EstimationMethod method) =>
        ProfiledDeviance.Compute(method, Design.RowCount, Design.FixedEffectCount,
            _factor.PenalizedRss(), _factor.LogDetLZSquared(), _factor.LogDetLXSquared());
}
