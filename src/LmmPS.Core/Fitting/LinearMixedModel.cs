using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Fitting;

/// <summary>A model ready to evaluate: the cross-product blocks of [Z X y] formed once, and the blocked
/// Cholesky factor L updated in place for each theta. It outlives a fit: <see cref="LmmFitter.Fit(LinearMixedModel, FitOptions?, IReadOnlyList{double}?, IProgress{FitProgress}?, CancellationToken)"/>
/// takes it, <see cref="SetResponse"/> gives it a new response (a simulated one, for the parametric
/// bootstrap) re-forming only y's part of the cross-product, and <see cref="SharingCrossProduct"/> a second model over the
/// same cross-product for another thread. Not thread-safe: one optimizer drives one instance (the cross-product two
/// instances share is never written).</summary>
public sealed class LinearMixedModel
{
    private readonly ThetaLayout _layout;
    private readonly BlockedFactor _factor;
    private readonly IReadOnlyList<string> _thetaNames;
    private ProfiledDevianceGradient? _gradient;
    private SparseGradient? _sparseGradient;

    /// <summary>The sparse kind's gradient, made on first use (it caches the places of A's entries in L).</summary>
    private SparseGradient SparseGradientOfFactor => _sparseGradient ??= new SparseGradient(_factor, _layout);

    /// <param name="design">The design to fit.</param>
    /// <param name="kernels">Threads and block width of the dense kernels for this model (null: all cores, the
    /// default block).</param>
    public LinearMixedModel(ModelDesign design, KernelOptions? kernels = null)
    {
        Design = design ?? throw new ArgumentNullException(nameof(design));
        if (design.RowCount <= design.FixedEffectCount)
            throw new LmmException("TooFewObservations", LmmErrorCategory.InvalidData,
                $"The model has {design.FixedEffectCount} fixed effects but only {design.RowCount} usable rows; it needs more rows than fixed effects.");
        _layout = new ThetaLayout(design.RandomTerms);
        _thetaNames = design.ThetaNames;
        WorkingDesign = PriorWeights.Whitened(design);
        SumLogWeights = PriorWeights.SumLog(design.Weights);
        kernels ??= KernelOptions.Default;
        _factor = new BlockedFactor(new BlockedCrossProduct(WorkingDesign, kernels.TrailingFactor), _layout, kernels);
    }

    /// <summary>A model of <paramref name="design"/> (whitened: <paramref name="working"/>) over a cross-product
    /// already formed for it.</summary>
    private LinearMixedModel(ModelDesign design, ModelDesign working, double sumLogWeights, BlockedCrossProduct crossProduct,
        ThetaLayout layout, KernelOptions kernels)
    {
        Design = design;
        WorkingDesign = working;
        SumLogWeights = sumLogWeights;
        _layout = layout;
        _thetaNames = design.ThetaNames;
        _factor = new BlockedFactor(crossProduct, layout, kernels);
    }

    /// <summary>Replaces the response by <paramref name="response"/> (one value per row used, in the design's row
    /// order), keeping this model's factor and workspaces: only y's row and column of the cross-product are formed
    /// again (a new cross-product sharing the Z and X blocks of the old, which models sharing it still see), and the
    /// factor holds no theta until the next update. The cheap step of a parametric bootstrap: set the simulated
    /// response, refit from the last optimum. Throws <see cref="LmmException"/> for a response of the wrong length or a
    /// non-finite value.</summary>
    public void SetResponse(IReadOnlyList<double> response)
    {
        var design = DesignWithResponse(response);
        var working = WorkingWithResponse(design);
        _factor.UseCrossProduct(_factor.CrossProduct.WithResponse(working));
        Design = design;
        WorkingDesign = working;
    }

    /// <summary>As <see cref="SetResponse"/>, but a new model with its own factor; this one is unchanged.</summary>
    public LinearMixedModel WithResponse(IReadOnlyList<double> response)
    {
        var design = DesignWithResponse(response);
        var working = WorkingWithResponse(design);
        return new LinearMixedModel(design, working, SumLogWeights, _factor.CrossProduct.WithResponse(working), _layout, _factor.Kernels);
    }

    /// <summary>The whitened design for <paramref name="design"/>, which differs from <see cref="Design"/> in its
    /// response only: the whitened X and Z are shared, only sqrt(w) y is formed (the design itself without weights).</summary>
    private ModelDesign WorkingWithResponse(ModelDesign design)
    {
        var w = design.Weights;
        if (w is null) return design;
        var y = new double[design.RowCount];
        for (int i = 0; i < y.Length; i++) y[i] = Math.Sqrt(w[i]) * design.Response[i];
        var d = WorkingDesign;
        return new ModelDesign(d.Formula, y, d.X, d.FixedEffectNames, d.DroppedFixedEffects, d.RandomTerms, d.RowsUsed, d.RowsDropped, d.Schema)
            { Warnings = d.Warnings };
    }

    private ModelDesign DesignWithResponse(IReadOnlyList<double> response)
    {
        if (response is null) throw new ArgumentNullException(nameof(response));
        if (response.Count != Design.RowCount)
            throw new LmmException("ResponseWrongLength", LmmErrorCategory.InvalidArgument,
                $"The new response has {response.Count} value(s); the model '{Design.Formula.Text}' uses {Design.RowCount} rows and needs one value per row.");
        var y = new double[response.Count];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = response[i];
            if (double.IsNaN(y[i]) || double.IsInfinity(y[i]))
                throw new LmmException("ResponseNotFinite", LmmErrorCategory.InvalidData,
                    $"Value {i + 1} of the new response is {y[i]}; every value must be finite.");
        }
        var d = Design;
        return new ModelDesign(d.Formula, y, d.X, d.FixedEffectNames, d.DroppedFixedEffects, d.RandomTerms, d.RowsUsed, d.RowsDropped)
            { Weights = d.Weights, WeightsColumn = d.WeightsColumn };
    }

    /// <summary>A second model over this one's cross-product (not copied: it is never written), with its own factor,
    /// for another thread, such as a profile worker.</summary>
    public LinearMixedModel SharingCrossProduct() => new(Design, WorkingDesign, SumLogWeights, _factor.CrossProduct, _layout, _factor.Kernels);

    /// <summary>The design, its response the one last set (<see cref="SetResponse"/>).</summary>
    public ModelDesign Design { get; private set; }

    /// <summary>The design the cross-product was formed from: <see cref="Design"/> itself without prior weights, else its
    /// rows of X, y and Z scaled by sqrt(w_i) (<see cref="PriorWeights.Whitened"/>). Code that works on the rows of
    /// the model being factored (the penalized residual, the marginal moments, the leverage) reads this one.</summary>
    internal ModelDesign WorkingDesign { get; private set; }

    /// <summary>sum log w_i of the design's prior weights (0 without weights): the criterion subtracts it once.</summary>
    internal double SumLogWeights { get; }

    /// <summary>Lower bounds of theta: 0 for template diagonals, -infinity elsewhere.</summary>
    public IReadOnlyList<double> ThetaLower => _layout.Lower;

    /// <summary>lme4's start: 1 on template diagonals, 0 elsewhere.</summary>
    public IReadOnlyList<double> DefaultStartTheta => _layout.Start;

    internal ThetaLayout Layout => _layout;

    internal BlockedFactor Factor => _factor;

    /// <summary>Makes <paramref name="cancellationToken"/> the token that this model's long work (the factorization's
    /// kernels, the gradient, the average information, the conditional variances) checks between blocks, until the
    /// returned scope is disposed, which restores the previous token. Each call that drives the model (a fit, a
    /// profile trace, a bootstrap refit) opens one, so a cancelled call stops within one block of work.</summary>
    internal CancellationScope CancelWith(CancellationToken cancellationToken) => new(_factor, cancellationToken);

    private InverseLevelBlocks? _levelBlocks;

    /// <summary>S's level blocks from L_T^-1, shared by the diagonal-block gradient and the conditional variances
    /// (one m x m inverse for both; allocated on first use).</summary>
    internal InverseLevelBlocks LevelBlocks => _levelBlocks ??= new InverseLevelBlocks(_factor, "the gradient and the conditional variances");

    /// <summary>Drops the gradient's workspaces (L_T^-1 and the gradient's buffers, about two m x m arrays), which the
    /// next gradient allocates again: for a model that will only be evaluated from now on, such as the profiler's
    /// model handed to a worker after its ML refit.</summary>
    internal void ReleaseGradientWorkspace()
    {
        _gradient = null;
        _levelBlocks = null;
    }

    /// <summary>How the gradient is computed (tests and the bench compare the two exact paths).</summary>
    internal GradientPath GradientPath { get; set; } = GradientPath.Automatic;

    /// <summary>The path the last gradient took.</summary>
    internal GradientPath LastGradientPath => _gradient?.LastPath ?? GradientPath.Automatic;

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
            throw NotEstimable(t);
        var solution = ModelSolution.Compute(this, t, method);
        return new ProfiledPoint(t, method, objective, solution.Sigma, solution.Beta, solution.PenalizedRss,
            solution.LogDetLZSquared, solution.LogDetLXSquared);
    }

    /// <summary>The objective at theta without refactoring when the factor already holds theta (the optimum the
    /// optimizer has just evaluated); no validation.</summary>
    internal double ReadAt(ReadOnlySpan<double> theta, EstimationMethod method) =>
        _factor.EnsureAt(theta) ? ObjectiveAt(_factor.State, method) : double.PositiveInfinity;

    /// <summary>Objective without validation, for the optimizer's inner loop (it keeps theta within bounds).</summary>
    internal double UpdateAndRead(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        var state = _factor.Refactor(theta);
        return state.Factored ? ObjectiveAt(state, method) : double.PositiveInfinity;
    }

    /// <summary>d objective / d theta (analytic, docs/gradient.md), validated like <see cref="Objective"/>. Valid on the
    /// boundary too (a template diagonal at 0): there it is the two-sided derivative of the objective continued to
    /// negative diagonals, which lme4's objective also accepts. Throws <see cref="LmmException"/> (FactorizationFailed)
    /// where the fixed effects are not estimable.</summary>
    public double[] Gradient(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        _layout.Validate(theta, _thetaNames);
        var gradient = new double[_layout.Count];
        if (double.IsInfinity(ObjectiveAndGradient(theta, method, gradient)))
            throw NotEstimable(theta);
        return gradient;
    }

    /// <summary>The score of the profiled log-likelihood -objective/2 with respect to D = T T', the relative covariance
    /// of term <paramref name="term"/> (0-based, in the design's term order): a symmetric k x k matrix whose (r, c)
    /// element is d/dD_rc with D_rc and D_cr moved together. Defined while T is non-singular.</summary>
    public double[,] ScoreWithRespectToD(ReadOnlySpan<double> theta, EstimationMethod method, int term)
    {
        var terms = Design.RandomTerms;
        if (term < 0 || term >= terms.Count)
            throw new LmmException("InvalidTermIndex", LmmErrorCategory.InvalidArgument,
                $"Term {term} does not exist: the model '{Design.Formula.Text}' has {terms.Count} random-effects term(s), numbered 0 to {terms.Count - 1} ({string.Join(", ", terms.Select(t => t.Group))}).");
        var gradient = Gradient(theta, method);
        int k = _layout.Sizes[term];
        var template = new double[k * k];
        _layout.FillTemplate(theta, term, template);
        return CovarianceScore.FromThetaGradient(template, k,
            gradient.AsSpan(_layout.Offsets[term], terms[term].ThetaCount), terms[term].Group);
    }

    /// <summary>Objective and gradient from one factorization, for a gradient-based optimizer (no validation: the
    /// optimizer keeps theta within bounds). Where the factorization fails the objective is +infinity and the
    /// gradient is NaN.</summary>
    internal double ObjectiveAndGradient(ReadOnlySpan<double> theta, EstimationMethod method, Span<double> gradient)
    {
        var state = _factor.Refactor(theta);
        if (!state.Factored)
        {
            gradient.Slice(0, _layout.Count).Fill(double.NaN);
            return double.PositiveInfinity;
        }
        GradientAtCurrent(theta, method, gradient);
        return ObjectiveAt(state, method);
    }

    /// <summary>The gradient from the factor as it stands (it must be current at <paramref name="theta"/>).</summary>
    internal void GradientAtCurrent(ReadOnlySpan<double> theta, EstimationMethod method, Span<double> gradient)
    {
        if (_factor.Kind == TrailingFactorKind.Sparse)
        {
            SparseGradientOfFactor.Compute(theta, Criterion(method), gradient);
            return;
        }
        _gradient ??= new ProfiledDevianceGradient(_factor, _layout, () => LevelBlocks);
        _gradient.Path = GradientPath;
        _gradient.Compute(theta, Criterion(method), gradient);
    }

    /// <summary>The gradient of an objective ldL2 + g(C) of the Schur complement C of the [X y] block, from the factor as
    /// it stands (current at <paramref name="theta"/>): <paramref name="responseBlock"/> = B' (dg/dC) B, B the
    /// factor's trailing (p+1) x (p+1) block, column-major.</summary>
    internal void GradientAtCurrent(ReadOnlySpan<double> theta, double[] responseBlock, Span<double> gradient)
    {
        if (_factor.Kind == TrailingFactorKind.Sparse)
        {
            SparseGradientOfFactor.Compute(theta, responseBlock, gradient);
            return;
        }
        _gradient ??= new ProfiledDevianceGradient(_factor, _layout, () => LevelBlocks);
        _gradient.Path = GradientPath;
        _gradient.Compute(theta, responseBlock, gradient);
    }

    private static LmmException NotEstimable(ReadOnlySpan<double> theta) =>
        new("FactorizationFailed", LmmErrorCategory.InvalidResult,
            $"At theta = ({string.Join(", ", theta.ToArray())}) the fixed-effects cross-product is not positive definite; the fixed effects are not estimable there.");

    /// <summary>The criterion <paramref name="method"/> names for this model's n and p.</summary>
    internal ProfiledCriterion Criterion(EstimationMethod method) => new(method, Design.RowCount, Design.FixedEffectCount, SumLogWeights);

    /// <summary>The objective from the factor in <paramref name="state"/> (checked: it must be the last update's).</summary>
    internal double ObjectiveAt(FactorState state, EstimationMethod method)
    {
        _factor.Check(state);
        return Criterion(method).Objective(_factor.PenalizedRss(), _factor.LogDetLZSquared(), _factor.LogDetLXSquared());
    }
}
