using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting.Optimizers;
using LmmPS.Core.Priors;
using LmmPS.Core.Scaling;

namespace LmmPS.Core.Fitting;

/// <summary>Fits a linear mixed model: minimises the profiled objective over theta within its bounds, then
/// computes every estimate at the optimum.</summary>
public static class LmmFitter
{
    /// <summary>Gradient optimizers stop when the projected gradient of the deviance is this small.</summary>
    internal const double GradientTolerance = 1e-5;

    /// <summary>... or when an iteration lowers the deviance by less than this relative amount.</summary>
    internal const double RelativeFunctionTolerance = 1e-12;

    /// <summary>The optimizer named by <paramref name="kind"/>: an <see cref="IBoundedOptimizer"/> or an
    /// <see cref="IGradientOptimizer"/>.</summary>
    internal static object CreateOptimizer(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Bobyqa => new BobyqaOptimizer(),
        OptimizerKind.LBfgsB => new LBfgsBOptimizer(),
        _ => throw new LmmException("UnknownOptimizer", LmmErrorCategory.InvalidArgument,
            $"OptimizerKind {(int)kind} is not one of {string.Join(", ", Enum.GetNames(typeof(OptimizerKind)))}; choose one of those."),
    };

    public static FitResult Fit(ModelDesign design, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        options ??= new FitOptions();
        if (options.MaxEvaluations < 1)
            throw new LmmException("InvalidMaxEvaluations", LmmErrorCategory.InvalidArgument,
                $"MaxEvaluations is {options.MaxEvaluations}; it must be at least 1.");
        // Badly scaled columns are fitted through an exact reparametrisation (Scaling/), the estimates mapped back.
        if (ScaledFit.Applies(design, options))
            return ScaledFit.Fit(design, options, progress, cancellationToken, FitAsGiven);
        var result = FitAsGiven(design, options, progress, cancellationToken);
        ScaledFit.WarnUnderPrior(result, options);
        return result;
    }

    private static FitResult FitAsGiven(ModelDesign design, FitOptions options, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var method = options.Method;
        var model = new LinearMixedModel(design);
        var start = options.StartTheta?.ToArray() ?? model.DefaultStartTheta.ToArray();
        model.Layout.Validate(start, design.ThetaNames);
        // A prior replaces the profiled objective by F(theta) = min_sigma f(theta, sigma); the plain path is unchanged.
        var prior = options.FixedEffectPrior is { } spec ? new PriorModel(model, spec, method) : null;
        if (prior is not null) method = prior.ReportedMethod;

        object optimizer = options.Optimizer ?? CreateOptimizer(options.OptimizerKind);
        int evaluations = 0;
        double best = double.PositiveInfinity;
        void Count(double[] theta, double value)
        {
            evaluations++;
            if (value < best) best = value;
            progress?.Report(new FitProgress(evaluations, options.MaxEvaluations, value, best, (double[])theta.Clone()));
        }

        double Evaluate(double[] theta) => prior is null ? model.UpdateAndRead(theta, method) : prior.UpdateAndRead(theta);

        double Objective(double[] theta)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Evaluate(theta);
        }

        var lower = model.ThetaLower.ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, start.Length).ToArray();
        OptimizerResult optimum;
        string optimizerName;
        if (optimizer is IGradientOptimizer gradientOptimizer)
        {
            // One factorization gives the objective and, when the optimizer asks, its analytic gradient (Gradients/);
            // under a prior F(theta) and its gradient (sigma by Newton, then the envelope theorem; PriorModel).
            var fitObjective = new FitObjective(model, method, prior, Count, cancellationToken);
            var gradientOptions = new OptimizerOptions
            {
                MaxEvaluations = options.MaxEvaluations,
                StepTolerance = 1e-6,
                GradientTolerance = GradientTolerance,
                RelativeFunctionTolerance = RelativeFunctionTolerance,
            };
            optimum = gradientOptimizer.Minimize(fitObjective, start, lower, upper, gradientOptions, cancellationToken);
            optimizerName = gradientOptimizer.Name;
        }
        else
        {
            var boundedOptimizer = (IBoundedOptimizer)optimizer;
            double CountedObjective(double[] theta)
            {
                double value = Objective(theta);
                Count(theta, value);
                return value;
            }

            optimum = boundedOptimizer.Minimize(CountedObjective, start, lower, upper,
                new OptimizerOptions { MaxEvaluations = options.MaxEvaluations, StepTolerance = 1e-6 }, cancellationToken);
            optimizerName = boundedOptimizer.Name;
        }

        var theta = optimum.X;
        // Usually the optimizer's last evaluation was at its optimum: then the factor holds it already.
        double objective = prior is null ? model.ReadAt(theta, method) : prior.UpdateAndRead(theta);
        if (double.IsInfinity(objective) || double.IsNaN(objective))
            throw new LmmException("FitFailed", LmmErrorCategory.InvalidResult,
                $"The optimizer found no theta at which the model can be evaluated ({optimum.Message}). Check the fixed effects for near-collinearity.");
        PriorEstimates? estimates = null;
        if (prior is not null)
        {
            // The optimizer's gradient at its optimum is the one the result reports; computed afresh only without it.
            estimates = prior.Estimates(theta, optimum.Gradient);
            objective = estimates.Objective;
        }
        var result = FitResultBuilder.Build(model, theta, method, objective, optimum, optimizerName, evaluations, clock.Elapsed, estimates);
        return result;
    }
}
