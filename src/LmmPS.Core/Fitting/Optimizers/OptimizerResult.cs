namespace LmmPS.Core.Fitting.Optimizers;

/// <summary>What an optimizer found: the best point, its value, how many evaluations it took and why it stopped.</summary>
public sealed class OptimizerResult
{
    public OptimizerResult(double[] x, double value, int evaluations, bool converged, string message)
    {
        X = x;
        Value = value;
        Evaluations = evaluations;
        Converged = converged;
        Message = message;
    }

    public double[] X { get; }

    public double Value { get; }

    public int Evaluations { get; }

    /// <summary>False when the evaluation limit was hit or the method could not make progress.</summary>
    public bool Converged { get; }

    public string Message { get; }
}
