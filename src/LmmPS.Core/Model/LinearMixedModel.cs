using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>A model ready to evaluate: the cross-product blocks of [Z X y] formed once, and the blocked
/// Cholesky factor L updated in place for each theta. It outlives a fit: <c>LmmFitter.Fit</c>
/// takes it, <see cref="SetResponse"/> gives it a new response (a simulated one, for the parametric
/// bootstrap) re-forming only y's part of the cross-product, and <see cref="SharingCrossProduct"/> a second model over the
/// same cross-product for another thread. Not thread-safe: one optimizer drives one instance (the cross-product two
/// instances share is never written).</summary>
public sealed class LinearMixedModel
{
    private readonly ThetaLayout _layout;
    private readonly BlockedFactor _factor;
    private readonly IReadOnlyList<string> _thetaNames;

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
    /// again (a new cross-product sharing the Z and X blocks of the old, which models sharing it still see; from the
    /// second response on, formed into the last response's trailing array, which no other model holds), and the
    /// factor holds no theta until the next update. The cheap step of a parametric bootstrap: set the simulated
    /// response, refit from the last optimum. Throws <see cref="LmmException"/> for a response of the wrong length or a
    /// non-finite value.</summary>
    public void SetResponse(IReadOnlyList<double> response)
    {
        var design = DesignWithResponse(response);
        var working = WorkingWithResponse(design);
        var a = _factor.CrossProduct;
        _factor.UseCrossProduct(a.WithResponse(working, _ownsCrossProduct ? a : null));
        _ownsCrossProduct = true;
        Design = design;
        WorkingDesign = working;
    }

    /// <summary>Whether this model alone holds its cross-product: one its <see cref="SetResponse"/> formed, not handed to
    /// another model since (<see cref="SharingCrossProduct"/>). Then the next response is formed into that cross-product's
    /// trailing array (only y's row and column; <see cref="BlockedCrossProduct.WithResponse"/>) instead of a copy of it.</summary>
    private bool _ownsCrossProduct;

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
    public LinearMixedModel SharingCrossProduct()
    {
        _ownsCrossProduct = false;
        return new(Design, WorkingDesign, SumLogWeights, _factor.CrossProduct, _layout, _factor.Kernels);
    }

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

    /// <summary>The level blocks if a gradient or the conditional variances have formed them, else null (never allocates).</summary>
    internal InverseLevelBlocks? ExistingLevelBlocks => _levelBlocks;

    /// <summary>The gradient's workspace for this model (Gradients/ModelGradient makes it on first use): the gradient
    /// code sits above the model, so the model keeps its workspace without knowing its type and never calls it.</summary>
    internal IModelWorkspace? GradientWorkspace { get; set; }

    /// <summary>Drops the gradient's workspaces (L_T^-1 and the gradient's buffers, about two m x m arrays), which the
    /// next gradient allocates again: for a model that will only be evaluated from now on, such as the profiler's
    /// model handed to a worker after its ML refit.</summary>
    internal void ReleaseGradientWorkspace()
    {
        GradientWorkspace = null;
        LastGradientPath = GradientPath.Automatic;
        _levelBlocks = null;
        _startFactor = null;
        _startInverse = null;
    }

    private FactorSnapshot? _startFactor;
    private InverseLevelBlocks.Saved? _startInverse;

    /// <summary>Puts the factor at <paramref name="theta"/> for the current response, as a refit's first evaluation needs
    /// it: the first time (or at another theta) by factoring there and keeping a copy of the factor and of the gradient's
    /// L_T^-1 (<see cref="BlockedFactor.Snapshot"/>, <see cref="InverseLevelBlocks.Save"/>: about three m x m arrays with
    /// the inverse itself); from then on by returning to that copy, which forms y's row of L and of L_T^-1 alone. Neither
    /// depends on y above y's row, so a bootstrap refit, which always starts at the fit's theta, skips the factorization
    /// and the inverse of its first evaluation. Every call ends by forming y's row from the copy, so a refit's numbers do
    /// not depend on how many refits the model has done. Dense kind only: false (nothing kept) for the sparse kind, when
    /// the copies would take more than half the memory available, or where the factor fails at theta.</summary>
    internal bool ReturnToStart(ReadOnlySpan<double> theta)
    {
        if (_factor.Kind != TrailingFactorKind.Dense) return false;
        if (_startFactor is null || _startInverse is null || !theta.SequenceEqual(_startFactor.Theta))
        {
            _startFactor = null;
            _startInverse = null;
            long m = _factor.TrailingSize;
            if (3 * m * m * sizeof(double) > MemoryGuard.AvailableBytes() / 2 || !_factor.EnsureAt(theta))
                return false;
            _startInverse = LevelBlocks.Save();
            _startFactor = _factor.Snapshot();
        }
        if (!_factor.ReturnTo(_startFactor).Factored) return false;
        LevelBlocks.Restore(_startInverse);
        return true;
    }

    /// <summary>How the gradient is computed (tests and the bench compare the two exact paths).</summary>
    internal GradientPath GradientPath { get; set; } = GradientPath.Automatic;

    /// <summary>The path the last gradient took (set by the gradient).</summary>
    internal GradientPath LastGradientPath { get; set; } = GradientPath.Automatic;

    /// <summary>The profiled deviance (ML) or REML criterion at theta; +infinity where the fixed-effects part cannot
    /// be factored. Throws <see cref="LmmException"/> for a theta of the wrong length or outside the bounds.</summary>
    public double Objective(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        ValidateTheta(theta);
        return UpdateAndRead(theta, method);
    }

    /// <summary>Throws <see cref="LmmException"/> for a theta of the wrong length or outside the bounds.</summary>
    internal void ValidateTheta(ReadOnlySpan<double> theta) => _layout.Validate(theta, _thetaNames);

    /// <summary>The objective with sigma and beta at theta.</summary>
    public ProfiledPoint Evaluate(IReadOnlyList<double> theta, EstimationMethod method)
    {
        var t = theta.ToArray();
        double objective = Objective(t, method);
        if (double.IsInfinity(objective))
            throw NotEstimable(t);
        var solution = SolutionAt(t, method);
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

    /// <summary>FactorizationFailed at theta: the fixed effects are not estimable there.</summary>
    internal static LmmException NotEstimable(ReadOnlySpan<double> theta) =>
        new("FactorizationFailed", LmmErrorCategory.InvalidResult,
            $"At theta = ({string.Join(", ", theta.ToArray())}) the fixed-effects cross-product is not positive definite; the fixed effects are not estimable there.");

    /// <summary>The criterion <paramref name="method"/> names for this model's n and p.</summary>
    internal ProfiledCriterion Criterion(EstimationMethod method) => new(method, Design.RowCount, Design.FixedEffectCount, SumLogWeights);

    /// <summary>The objective from the factor in <paramref name="state"/> (checked: it must be the last update's).</summary>
    internal double ObjectiveAt(FactorState state, EstimationMethod method)
    {
        _factor.Check(state);
        double pwrss = _factor.PenalizedRss();
        // l_yy^2 is y'y minus what the model explains; where its rounding would show in the objective, pwrss from the
        // solution's residual instead (PenalizedResidual; O(nnz(Z) + n p) per evaluation, so only there).
        if (FactorPwrssIsNoisy(pwrss))
            pwrss = SolutionAt(_factor.HeldTheta, method).PenalizedRss;
        return Criterion(method).Objective(pwrss, _factor.LogDetLZSquared(), _factor.LogDetLXSquared());
    }

    private ModelSolution? _solution;
    private long _solutionVersion = -1;
    private EstimationMethod _solutionMethod;

    /// <summary><see cref="ModelSolution.Compute"/> at the theta the factor holds (checked), kept until the factor moves:
    /// an evaluation reads it two or three times (the objective where l_yy^2 is noisy, the average-information Hessian,
    /// the estimates at the optimum), and on such designs each read would otherwise sum the n-row residual again.</summary>
    internal ModelSolution SolutionAt(ReadOnlySpan<double> theta, EstimationMethod method)
    {
        _factor.CheckAt(theta);
        if (_solution is null || _solutionVersion != _factor.Version || _solutionMethod != method)
        {
            _solution = ModelSolution.Compute(this, theta, method);
            _solutionVersion = _factor.Version;
            _solutionMethod = method;
        }
        return _solution;
    }

    /// <summary>Whether l_yy^2 = <paramref name="factorPwrss"/> carries rounding above <see cref="NoiseLimit"/> into the
    /// objective. Its error is about eps y'y accumulated over the rows and levels (measured on the star design of issue
    /// 17: second differences of 4e-6 with y'y / pwrss = 540, n = 24,578), which N log pwrss scales by N / pwrss:
    /// estimated as eps N sqrt(n) y'y / pwrss. Star: 5e-7 (residual); InstEval 3e-8, Pastes 5e-10, sleepstudy 1e-10
    /// (l_yy^2 stays: the residual costs up to several times a small model's factorization).</summary>
    internal bool FactorPwrssIsNoisy(double factorPwrss)
    {
        int n = Design.RowCount;
        return Epsilon * n * Math.Sqrt(n) * ResponseSumOfSquares > NoiseLimit * factorPwrss;
    }

    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Objective rounding (absolute) tolerated from l_yy^2: central differences at step 1e-5 then err by 1e-2
    /// at most, and the star design's gradient check passes.</summary>
    private const double NoiseLimit = 1e-7;

    private ModelDesign? _sumOfSquaresOf;
    private double _responseSumOfSquares;

    /// <summary>y'y of the working (whitened) response, formed once per response.</summary>
    private double ResponseSumOfSquares
    {
        get
        {
            if (!ReferenceEquals(_sumOfSquaresOf, WorkingDesign))
            {
                double s = 0.0;
                foreach (double v in WorkingDesign.Response) s += v * v;
                _responseSumOfSquares = s;
                _sumOfSquaresOf = WorkingDesign;
            }
            return _responseSumOfSquares;
        }
    }
}
