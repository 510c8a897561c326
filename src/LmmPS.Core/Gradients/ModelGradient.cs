using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>The analytic gradient of a model's objective over theta (docs/gradient.md), as methods of
/// <see cref="LinearMixedModel"/>. The gradient code sits above the model layer (it reads the factor, the layout of
/// theta and the criterion), so the model does not make its gradient: this class keeps the gradient's workspace with
/// the model (<see cref="LinearMixedModel.GradientWorkspace"/>, made on first use: the dense kind's
/// <see cref="ProfiledDevianceGradient"/> or the sparse kind's <see cref="SparseGradient"/>).</summary>
public static class ModelGradient
{
    /// <summary>d objective / d theta (analytic, docs/gradient.md), validated like
    /// <see cref="LinearMixedModel.Objective"/>. Valid on the boundary too (a template diagonal at 0): there it is the
    /// two-sided derivative of the objective continued to negative diagonals, which lme4's objective also accepts.
    /// Throws <see cref="LmmException"/> (FactorizationFailed) where the fixed effects are not estimable.</summary>
    public static double[] Gradient(this LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        model.ValidateTheta(theta);
        var gradient = new double[model.Layout.Count];
        if (double.IsInfinity(model.ObjectiveAndGradient(theta, method, gradient)))
            throw LinearMixedModel.NotEstimable(theta);
        return gradient;
    }

    /// <summary>The score of the profiled log-likelihood -objective/2 with respect to D = T T', the relative covariance
    /// of term <paramref name="term"/> (0-based, in the design's term order): a symmetric k x k matrix whose (r, c)
    /// element is d/dD_rc with D_rc and D_cr moved together. Defined while T is non-singular.</summary>
    public static double[,] ScoreWithRespectToD(this LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, int term)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        var terms = model.Design.RandomTerms;
        if (term < 0 || term >= terms.Count)
            throw new LmmException("InvalidTermIndex", LmmErrorCategory.InvalidArgument,
                $"Term {term} does not exist: the model '{model.Design.Formula.Text}' has {terms.Count} random-effects term(s), numbered 0 to {terms.Count - 1} ({string.Join(", ", terms.Select(t => t.Group))}).");
        var gradient = model.Gradient(theta, method);
        var layout = model.Layout;
        int k = layout.Sizes[term];
        var template = new double[k * k];
        layout.FillTemplate(theta, term, template);
        return CovarianceScore.FromThetaGradient(template, k,
            gradient.AsSpan(layout.Offsets[term], terms[term].ThetaCount), terms[term].Group);
    }

    /// <summary>Objective and gradient from one factorization, for a gradient-based optimizer (no validation: the
    /// optimizer keeps theta within bounds). Where the factorization fails the objective is +infinity and the
    /// gradient is NaN.</summary>
    internal static double ObjectiveAndGradient(this LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, Span<double> gradient)
    {
        var state = model.Factor.Refactor(theta);
        if (!state.Factored)
        {
            gradient.Slice(0, model.Layout.Count).Fill(double.NaN);
            return double.PositiveInfinity;
        }
        model.GradientAtCurrent(theta, method, gradient);
        return model.ObjectiveAt(state, method);
    }

    /// <summary>The gradient from the factor as it stands (it must be current at <paramref name="theta"/>).</summary>
    internal static void GradientAtCurrent(this LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, Span<double> gradient)
    {
        var workspace = WorkspaceOf(model);
        if (model.Factor.Kind == TrailingFactorKind.Sparse)
        {
            workspace.Sparse(model).Compute(theta, model.Criterion(method), gradient);
            return;
        }
        var dense = workspace.Dense(model);
        dense.Compute(theta, model.Criterion(method), gradient);
        model.LastGradientPath = dense.LastPath;
    }

    /// <summary>The gradient of an objective ldL2 + g(C) of the Schur complement C of the [X y] block, from the factor as
    /// it stands (current at <paramref name="theta"/>): <paramref name="responseBlock"/> = B' (dg/dC) B, B the
    /// factor's trailing (p+1) x (p+1) block, column-major.</summary>
    internal static void GradientAtCurrent(this LinearMixedModel model, ReadOnlySpan<double> theta, double[] responseBlock, Span<double> gradient)
    {
        var workspace = WorkspaceOf(model);
        if (model.Factor.Kind == TrailingFactorKind.Sparse)
        {
            workspace.Sparse(model).Compute(theta, responseBlock, gradient);
            return;
        }
        var dense = workspace.Dense(model);
        dense.Compute(theta, responseBlock, gradient);
        model.LastGradientPath = dense.LastPath;
    }

    private static Workspace WorkspaceOf(LinearMixedModel model)
    {
        if (model.GradientWorkspace is Workspace workspace) return workspace;
        workspace = new Workspace();
        model.GradientWorkspace = workspace;
        return workspace;
    }

    /// <summary>The gradients of one model, each made on first use: the dense kind's reads S's level blocks from the
    /// model's <see cref="InverseLevelBlocks"/> (shared with the conditional variances); the sparse kind's caches the
    /// places of A's entries in L.</summary>
    private sealed class Workspace : IModelWorkspace
    {
        private ProfiledDevianceGradient? _dense;
        private SparseGradient? _sparse;

        public ProfiledDevianceGradient Dense(LinearMixedModel model)
        {
            _dense ??= new ProfiledDevianceGradient(model.Factor, model.Layout, () => model.LevelBlocks);
            _dense.Path = model.GradientPath;
            return _dense;
        }

        public SparseGradient Sparse(LinearMixedModel model) => _sparse ??= new SparseGradient(model.Factor, model.Layout);
    }
}
