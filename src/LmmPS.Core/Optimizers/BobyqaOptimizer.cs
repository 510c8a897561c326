namespace LmmPS.Core.Optimizers;

/// <summary>Powell's BOBYQA (2009): derivative-free minimisation within bounds by a trust-region method on
/// quadratic models that interpolate f at 2n+1 points, each new model differing from the last by a Hessian change
/// of least Frobenius norm. The trust-region radius rho falls from <see cref="OptimizerOptions.InitialStep"/> to
/// <see cref="OptimizerOptions.StepTolerance"/>. Written from the paper's description; the interpolation system
/// is solved afresh at each iteration instead of through Powell's updating formulas (see
/// <see cref="InterpolationSystem"/>), and degenerate point sets are rebuilt around the best point instead of by
/// Powell's RESCUE.</summary>
public sealed class BobyqaOptimizer : IBoundedOptimizer
{
    public string Name => "BOBYQA";

    public OptimizerResult Minimize(
        Func<double[], double> objective,
        double[] start,
        double[] lower,
        double[] upper,
        OptimizerOptions options,
        CancellationToken cancellationToken = default)
    {
        OptimizerArguments.Validate(objective, start, lower, upper, options);
        var counted = new CountingObjective(objective, options, cancellationToken);
        return new BobyqaRun(counted, start, lower, upper, options).Execute();
    }
}
