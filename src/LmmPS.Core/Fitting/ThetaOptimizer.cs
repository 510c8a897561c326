using LmmPS.Core.Common;
using LmmPS.Core.Optimizers;

namespace LmmPS.Core.Fitting;

/// <summary>The one interface the fitter drives: minimise the fit's objective over theta within its bounds,
/// whichever optimizer the options name. A gradient optimizer asks the objective for values and gradients from one
/// factorization; a derivative-free one asks for values only (the same evaluations, counted the same way).</summary>
internal abstract class ThetaOptimizer
{
    /// <summary>Gradient optimizers stop when the projected gradient of the deviance is this small.</summary>
    internal const double GradientTolerance = 1e-5;

    /// <summary>... or when an iteration lowers the deviance by less than this relative amount.</summary>
    internal const double RelativeFunctionTolerance = 1e-12;

    /// <summary>Short name for results, e.g. <c>LBFGSB</c>.</summary>
    public abstract string Name { get; }

    public abstract OptimizerResult Minimize(FitObjective objective, double[] start, double[] lower, double[] upper,
        int maxEvaluations, CancellationToken cancellationToken);

    /// <summary>The optimizer <paramref name="options"/> asks for: its <see cref="FitOptions.Optimizer"/>, else the one
    /// its <see cref="FitOptions.OptimizerKind"/> names.</summary>
    public static ThetaOptimizer For(FitOptions options)
    {
        if (options.Optimizer is { } given) return new DerivativeFree(given);
        return options.OptimizerKind switch
        {
            OptimizerKind.Bobyqa => new DerivativeFree(new BobyqaOptimizer()),
            OptimizerKind.LBfgsB => new WithGradient(new LBfgsBOptimizer()),
            var kind => throw new LmmException("UnknownOptimizer", LmmErrorCategory.InvalidArgument,
                $"OptimizerKind {(int)kind} is not one of {string.Join(", ", Enum.GetNames(typeof(OptimizerKind)))}; choose one of those."),
        };
    }

    private sealed class WithGradient(IGradientOptimizer optimizer) : ThetaOptimizer
    {
        public override string Name => optimizer.Name;

        public override OptimizerResult Minimize(FitObjective objective, double[] start, double[] lower, double[] upper,
            int maxEvaluations, CancellationToken cancellationToken) =>
            optimizer.Minimize(objective, start, lower, upper, new OptimizerOptions
            {
                MaxEvaluations = maxEvaluations,
                StepTolerance = 1e-6,
                GradientTolerance = GradientTolerance,
                RelativeFunctionTolerance = RelativeFunctionTolerance,
            }, cancellationToken);
    }

    private sealed class DerivativeFree(IBoundedOptimizer optimizer) : ThetaOptimizer
    {
        public override string Name => optimizer.Name;

        public override OptimizerResult Minimize(FitObjective objective, double[] start, double[] lower, double[] upper,
            int maxEvaluations, CancellationToken cancellationToken) =>
            optimizer.Minimize(objective.Value, start, lower, upper,
                new OptimizerOptions { MaxEvaluations = maxEvaluations, StepTolerance = 1e-6 }, cancellationToken);
    }
}
