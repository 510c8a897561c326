using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>Fits a linear mixed model: minimises the profiled objective over theta within its bounds, then
/// computes every estimate at the optimum. The model outlives the fit, so a refit with a new response
/// (<see cref="LinearMixedModel.WithResponse"/>) starts from the last optimum without forming the cross-product again.</summary>
public static class LmmFitter
{
    /// <summary>Builds the model of <paramref name="design"/> and fits it.</summary>
    public static FitResult Fit(ModelDesign design, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitKeepingModel(design, options, progress, cancellationToken).Fit;

    /// <summary>As <see cref="Fit(ModelDesign, FitOptions?, IProgress{FitProgress}?, CancellationToken)"/>, and returns the
    /// model the optimum was found on, its factor at the optimum, when that is the design as given (null when the fit went
    /// through the reparametrisation of a badly scaled design): the tests of fixed effects that follow a fit read its
    /// factor instead of forming it again (<c>FixedEffectInference.For(fit, method, model)</c>, which leaves the factor
    /// holding no theta). The caller holds the model (a few m x m arrays) only as long as it needs it.</summary>
    public static (FitResult Fit, LinearMixedModel? Model) FitKeepingModel(ModelDesign design, FitOptions? options = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        options ??= new FitOptions();
        ValidateOptions(options);
        // Badly scaled columns are fitted through an exact reparametrisation (Scaling/), the estimates mapped back.
        if (ScaledFit.Applies(design, options))
            return (ScaledFit.Fit(design, options, progress, cancellationToken, FitAsGiven), null);
        var (result, model) = FitAsGivenKeepingModel(design, options, progress, cancellationToken);
        ScaledFit.WarnUnderPrior(result, options);
        return (result, model);
    }

    private static FitResult FitAsGiven(ModelDesign design, FitOptions options, IProgress<FitProgress>? progress, CancellationToken cancellationToken) =>
        FitAsGivenKeepingModel(design, options, progress, cancellationToken).Fit;

    private static (FitResult Fit, LinearMixedModel Model) FitAsGivenKeepingModel(ModelDesign design, FitOptions options,
        IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        // The clock starts before the model is built: a fit's time includes forming the cross-product.
        var clock = Stopwatch.StartNew();
        var model = new LinearMixedModel(design, options.Kernels ?? KernelOptions.Default);
        return (Fit(model, options, null, progress, clock, cancellationToken), model);
    }

    /// <summary>Fits <paramref name="model"/>, starting from <paramref name="warmStartTheta"/> when given (a previous
    /// optimum: the refit of a bootstrap sample), else from the options' start, else lme4's. The model's factor is
    /// left at the optimum; the model can be fitted again.</summary>
    public static FitResult Fit(LinearMixedModel model, FitOptions? options = null, IReadOnlyList<double>? warmStartTheta = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        options ??= new FitOptions();
        ValidateOptions(options);
        return Fit(model, options, warmStartTheta, progress, Stopwatch.StartNew(), cancellationToken);
    }

    private static void ValidateOptions(FitOptions options)
    {
        if (options.MaxEvaluations < 1)
            throw new LmmException("InvalidMaxEvaluations", LmmErrorCategory.InvalidArgument,
                $"MaxEvaluations is {options.MaxEvaluations}; it must be at least 1.");
    }

    private static FitResult Fit(LinearMixedModel model, FitOptions options, IReadOnlyList<double>? warmStartTheta,
        IProgress<FitProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        // The token reaches the kernels through the model for the whole fit: the optimizer's evaluations and the
        // estimates read at the optimum (conditional variances, covariance of beta).
        using var cancellation = model.CancelWith(cancellationToken);
        var run = Optimize(model, options, warmStartTheta, progress, cancellationToken);
        PriorEstimates? estimates = null;
        double objective = run.Objective;
        if (run.Prior is not null)
        {
            // The optimizer's gradient at its optimum is the one the result reports; computed afresh only without it.
            estimates = run.Prior.Estimates(run.Theta, run.Optimum.Gradient);
            objective = estimates.Objective;
        }
        return FitResultBuilder.Build(model, run.Theta, run.Method, objective, run.Optimum, run.OptimizerName, run.Evaluations,
            clock.Elapsed, estimates);
    }

    /// <summary>Refits <paramref name="model"/> (its response just set) from <paramref name="start"/> and reads only
    /// theta, beta, sigma and the objective at the optimum: the parametric bootstrap's replicate, without a
    /// <see cref="FitResult"/> (no conditional variances, covariance of beta, gradient at the optimum or warnings). The
    /// optimum is the one <see cref="Fit(LinearMixedModel, FitOptions?, IReadOnlyList{double}?, IProgress{FitProgress}?, CancellationToken)"/>
    /// finds from the same start, to rounding: the same optimizer run, whose first evaluation reads the factor the model
    /// keeps at <paramref name="start"/> with only y's row formed again (<see cref="LinearMixedModel.ReturnToStart"/>)
    /// instead of factoring there. No prior (refused: its sigma is not pwrss / N).</summary>
    internal static RefitEstimate Refit(LinearMixedModel model, FitOptions options, IReadOnlyList<double> start,
        CancellationToken cancellationToken)
    {
        if (options.FixedEffectPrior is not null)
            throw new ArgumentException("The light refit has no prior.", nameof(options));
        using var cancellation = model.CancelWith(cancellationToken);
        var from = start.ToArray();
        model.ValidateTheta(from);
        model.ReturnToStart(from);
        var run = Optimize(model, options, from, null, cancellationToken);
        var solution = model.SolutionAt(run.Theta, run.Method);
        return new RefitEstimate(run.Theta, solution.Beta, solution.Sigma, run.Objective, run.Optimum.Converged,
            run.Evaluations, FitResultBuilder.IsSingular(model, run.Theta));
    }

    /// <summary>The optimizer's run: where it stopped, the objective there (the factor left holding that theta) and
    /// what the result needs to report about the run.</summary>
    private sealed record OptimizerRun(double[] Theta, double Objective, EstimationMethod Method, PriorModel? Prior,
        OptimizerResult Optimum, string OptimizerName, int Evaluations);

    private static OptimizerRun Optimize(LinearMixedModel model, FitOptions options, IReadOnlyList<double>? warmStartTheta,
        IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        var design = model.Design;
        var method = options.Method;
        var start = warmStartTheta?.ToArray() ?? options.StartTheta?.ToArray() ?? model.DefaultStartTheta.ToArray();
        model.Layout.Validate(start, design.ThetaNames);
        // A prior replaces the profiled objective by F(theta) = min_sigma f(theta, sigma); the plain path is unchanged.
        var prior = options.FixedEffectPrior is { } spec ? new PriorModel(model, spec, method) : null;
        if (prior is not null) method = prior.ReportedMethod;

        var optimizer = ThetaOptimizer.For(options);
        int evaluations = 0;
        double best = double.PositiveInfinity;
        void Count(double[] theta, double value)
        {
            evaluations++;
            if (progress is null) return;
            if (value < best) best = value;
            progress.Report(new FitProgress(evaluations, options.MaxEvaluations, value, best, (double[])theta.Clone()));
        }

        // One factorization gives the objective and, when the optimizer asks, its analytic gradient (Gradients/);
        // under a prior F(theta) and its gradient (sigma by Newton, then the envelope theorem; PriorModel).
        var objectiveOverTheta = new FitObjective(model, method, prior, Count, cancellationToken);
        var lower = model.ThetaLower.ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, start.Length).ToArray();
        var optimum = optimizer.Minimize(objectiveOverTheta, start, lower, upper, options.MaxEvaluations, cancellationToken);

        var theta = optimum.X;
        // Usually the optimizer's last evaluation was at its optimum: then the factor holds it already.
        double objective = prior is null ? model.ReadAt(theta, method) : prior.UpdateAndRead(theta);
        if (double.IsInfinity(objective) || double.IsNaN(objective))
            throw FitOverflow.Explain(model.WorkingDesign, start, design.ThetaNames, optimum.Message) ?? new LmmException("FitFailed", LmmErrorCategory.InvalidResult,
                $"The optimizer found no theta at which the model can be evaluated ({optimum.Message}). Check the fixed effects for near-collinearity.");
        return new OptimizerRun(theta, objective, method, prior, optimum, optimizer.Name, evaluations);
    }
}
