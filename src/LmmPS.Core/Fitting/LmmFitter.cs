using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting.Optimizers;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>Fits a linear mixed model: minimises the profiled objective over theta within its bounds, then
/// computes every estimate at the optimum.</summary>
public static class LmmFitter
{
    public static FitResult Fit(ModelDesign design, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        options ??= new FitOptions();
        if (options.MaxEvaluations < 1)
            throw new LmmException("InvalidMaxEvaluations", LmmErrorCategory.InvalidArgument,
                $"MaxEvaluations is {options.MaxEvaluations}; it must be at least 1.");
        var clock = Stopwatch.StartNew();
        var method = options.Method;
        var model = new LinearMixedModel(design);
        var start = options.StartTheta?.ToArray() ?? model.DefaultStartTheta.ToArray();
        model.Layout.Validate(start, design.ThetaNames);
        // A prior replaces the profiled objective by F(theta) = min_sigma f(theta, sigma); the plain path is unchanged.
        var prior = options.FixedEffectPrior is { } spec ? new PriorModel(model, spec, method) : null;
        if (prior is not null) method = prior.ReportedMethod;

        var optimizer = options.Optimizer ?? new BobyqaOptimizer();
        int evaluations = 0;
        double best = double.PositiveInfinity;
        double Objective(double[] theta)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double value = prior is null ? model.UpdateAndRead(theta, method) : prior.UpdateAndRead(theta);
            evaluations++;
            if (value < best) best = value;
            progress?.Report(new FitProgress(evaluations, options.MaxEvaluations, value, best, (double[])theta.Clone()));
            return value;
        }

        var upper = Enumerable.Repeat(double.PositiveInfinity, start.Length).ToArray();
        var optimum = optimizer.Minimize(Objective, start, model.ThetaLower.ToArray(), upper,
            new OptimizerOptions { MaxEvaluations = options.MaxEvaluations, StepTolerance = 1e-6 }, cancellationToken);

        var theta = optimum.X;
        double objective = prior is null ? model.UpdateAndRead(theta, method) : prior.UpdateAndRead(theta);
        if (double.IsInfinity(objective) || double.IsNaN(objective))
            throw new LmmException("FitFailed", LmmErrorCategory.InvalidResult,
                $"The optimizer found no theta at which the model can be evaluated ({optimum.Message}). Check the fixed effects for near-collinearity.");
        PriorEstimates? estimates = null;
        if (prior is not null)
        {
            estimates = prior.Estimates(theta);
            objective = estimates.Objective;
        }
        var result = FitResultBuilder.Build(model, theta, method, objective, optimum, optimizer.Name, evaluations, clock.Elapsed, estimates);
        return result;
    }
}
