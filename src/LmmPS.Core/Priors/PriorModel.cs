using LmmPS.Core.Common;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>
/// A linear mixed model with a normal prior on its fixed effects: the objective the optimizer minimises over theta,
/// F(theta) = min over sigma of f(theta, sigma). Each evaluation updates the model's factor once (as without a prior),
/// reads the Schur complement C of the random effects off it, and does all prior work on C in O(p^3): a rank-p
/// update of the fixed-effects block, and on the absolute scale a Newton iteration for sigma. Not thread-safe (it
/// drives the model's factor).
/// </summary>
public sealed class PriorModel
{
    private readonly LinearMixedModel _model;
    private readonly PriorCovariance _covariance;

    public PriorModel(LinearMixedModel model, FixedEffectPrior prior, EstimationMethod method)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Prior = prior ?? throw new ArgumentNullException(nameof(prior));
        // The prior's objectives (SigmaProfile) are written for unit weights; with prior weights they would need the
        // -sum log w term and a check against blme that we do not have, so the combination is refused, not guessed.
        if (model.Design.Weights is not null)
            throw new LmmException("WeightsWithPrior", LmmErrorCategory.NotImplemented,
                $"A fixed-effect prior cannot be combined with prior weights (column '{model.Design.WeightsColumn}') yet; fit without -FixedEffectPrior or without -Weights.");
        _covariance = PriorCovariance.Resolve(prior, model.Design.FixedEffectNames);
        ObjectiveKind = prior.ObjectiveFor(method);
    }

    public LinearMixedModel Model => _model;

    public FixedEffectPrior Prior { get; }

    /// <summary>The objective minimised: the prior's own choice, else the method's (ML: posterior mode, REML: integrated).</summary>
    public PriorObjective ObjectiveKind { get; }

    /// <summary>The method whose reported criterion matches the objective: ML for the posterior mode (beta profiled),
    /// REML for the integrated likelihood (beta integrated out), as blme reports them.</summary>
    public EstimationMethod ReportedMethod => ObjectiveKind == PriorObjective.PosteriorMode ? EstimationMethod.ML : EstimationMethod.REML;

    /// <summary>The prior covariance S resolved for the model's coefficients (SDs expanded), p x p.</summary>
    public double[,] Covariance
    {
        get
        {
            int p = _covariance.Size;
            var s = new double[p, p];
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) s[i, j] = _covariance.S[j * p + i];
            return s;
        }
    }

    /// <summary>F(theta), validated; +infinity where the model cannot be factored.</summary>
    public double Objective(IReadOnlyList<double> theta)
    {
        var t = theta.ToArray();
        _model.Layout.Validate(t, _model.Design.ThetaNames);
        return UpdateAndRead(t);
    }

    /// <summary>F(theta) with sigma, beta and blme's split of the objective.</summary>
    public PriorPoint Evaluate(IReadOnlyList<double> theta) => ToPoint(theta, Optimum(theta));

    /// <summary>f(theta, sigma) as a function of sigma at this theta, for the objective given (default: the fit's).
    /// Independent of later evaluations: it holds its own copy of the Schur complement.</summary>
    public SigmaProfile SigmaProfile(IReadOnlyList<double> theta, PriorObjective? objective = null)
    {
        var t = theta.ToArray();
        _model.Layout.Validate(t, _model.Design.ThetaNames);
        if (!_model.Factor.EnsureAt(t))
            throw NotFactorable(t);
        return new SigmaProfile(t, SchurComplement.Read(_model), _covariance, Prior.Scale, objective ?? ObjectiveKind, _model.Design.RowCount);
    }

    /// <summary>Largest number of sigma Newton steps any evaluation has taken so far.</summary>
    public int MaxSigmaIterations { get; private set; }

    /// <summary>For the optimizer's inner loop (theta within bounds): no validation, +infinity where not factorable.</summary>
    internal double UpdateAndRead(double[] theta) => UpdateAndRead(theta, out _);

    /// <summary>F(theta) as <see cref="UpdateAndRead(double[])"/>, with the state at sigma* that the gradient at theta
    /// needs (<see cref="GradientAtCurrent"/>, while the factor stays current); null where F is +infinity.</summary>
    internal double UpdateAndRead(double[] theta, out SigmaState? state)
    {
        state = null;
        // At the fit's optimum the factor usually holds theta already (then only sigma's Newton steps are redone).
        if (!_model.Factor.EnsureAt(theta))
            return double.PositiveInfinity;
        var profile = new SigmaProfile(theta, SchurComplement.Read(_model), _covariance, Prior.Scale, ObjectiveKind, _model.Design.RowCount);
        try
        {
            int iterations;
            (state, iterations, _) = profile.Optimum();
            if (iterations > MaxSigmaIterations) MaxSigmaIterations = iterations;
            return state.Value;
        }
        catch (LmmException e) when (e.ErrorId == "FactorizationFailed")
        {
            return double.PositiveInfinity;
        }
    }

    /// <summary>dF/dtheta (analytic: the plain selected inverse with the prior's dense weight block, see
    /// <see cref="PriorGradient"/>), validated like <see cref="Objective"/>. Throws <see cref="LmmException"/>
    /// (FactorizationFailed) where the model cannot be evaluated.</summary>
    public double[] Gradient(IReadOnlyList<double> theta)
    {
        var t = theta.ToArray();
        _model.Layout.Validate(t, _model.Design.ThetaNames);
        var gradient = new double[t.Length];
        if (double.IsInfinity(ObjectiveAndGradient(t, gradient)))
            throw NotFactorable(t);
        return gradient;
    }

    /// <summary>F(theta) and dF/dtheta from one factorization, for a gradient-based optimizer (no validation). Where
    /// the model cannot be evaluated F is +infinity and the gradient NaN.</summary>
    internal double ObjectiveAndGradient(double[] theta, Span<double> gradient)
    {
        double value = UpdateAndRead(theta, out var state);
        if (state is null)
        {
            gradient.Slice(0, _model.Layout.Count).Fill(double.NaN);
            return double.PositiveInfinity;
        }
        GradientAtCurrent(theta, state, gradient);
        return value;
    }

    /// <summary>dF/dtheta from the factor as it stands (current at theta) and the state at sigma*.</summary>
    internal void GradientAtCurrent(double[] theta, SigmaState state, Span<double> gradient) =>
        _model.GradientAtCurrent(theta, PriorGradient.ResponseBlock(_model.Factor, state, ObjectiveKind), gradient);

    internal (SigmaProfile Profile, SigmaState State, int Iterations) Optimum(IReadOnlyList<double> theta)
    {
        var profile = SigmaProfile(theta);
        var (state, iterations, _) = profile.Optimum();
        return (profile, state, iterations);
    }

    internal PriorPoint ToPoint(IReadOnlyList<double> theta, (SigmaProfile Profile, SigmaState State, int Iterations) at)
    {
        var s = at.State;
        return new PriorPoint(theta.ToArray(), Prior.Scale, ObjectiveKind, s.Value, s.Value - s.Penalty, s.Penalty, s.Sigma,
            s.Beta, s.RssWithoutPrior(Prior.Scale), s.BetaQuadraticForm, at.Profile.LogDetLZSquared, s.LogDetM, at.Iterations);
    }

    /// <summary>The estimates at theta for the fit's result; leaves the factor current at theta (the random effects
    /// and their conditional SDs are read from it). <paramref name="knownGradient"/>: dF/dtheta at theta if the
    /// optimizer already has it (it is then not computed again).</summary>
    internal PriorEstimates Estimates(double[] theta, double[]? knownGradient = null)
    {
        var at = Optimum(theta);
        var s = at.State;
        int p = _covariance.Size;
        var inv = s.M.Inverse();
        var vcov = new double[p, p];
        double s2 = s.Sigma * s.Sigma;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) vcov[i, j] = s2 * inv[j * p + i];
        (double[]? Gradient, string? Unavailable) atTheta = knownGradient is not null ? ((double[])knownGradient.Clone(), null) : GradientAt(theta, s);
        var (gradient, gradientUnavailable) = atTheta;
        var info = new PriorFitInfo(Prior, Prior.Scale, ObjectiveKind, Covariance, s.Penalty, s.Value, at.Iterations,
            Math.Max(MaxSigmaIterations, at.Iterations));
        return new PriorEstimates(s.Sigma, s.Beta, vcov, s.PenalizedRss, s.LogDetM, s.Value - s.Penalty, info, gradient, gradientUnavailable);
    }

    /// <summary>dF/dtheta at the optimum for the result; a model too large for the gradient's extra memory gets none
    /// (with the reason, for the caller's warning), as without a prior.</summary>
    private (double[]? Gradient, string? Unavailable) GradientAt(double[] theta, SigmaState state)
    {
        try
        {
            var gradient = new double[theta.Length];
            GradientAtCurrent(theta, state, gradient);
            return (gradient, null);
        }
        catch (LmmException e) when (e.ErrorId == "ModelTooLarge")
        {
            return (null, e.Message);
        }
    }

    private static LmmException NotFactorable(double[] theta) =>
        new("FactorizationFailed", LmmErrorCategory.InvalidResult,
            $"At theta = ({string.Join(", ", theta)}) the fixed-effects cross-product is not positive definite; the fixed effects are not estimable there.");
}
