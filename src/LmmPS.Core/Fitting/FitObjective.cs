using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>The profiled objective over theta as the gradient optimizer sees it during a fit: a value updates the
/// factor (the expensive part shared with the gradient), and the gradient asked for afterwards at the same theta
/// is computed from that factor without updating it again. Under a prior the gradient also needs the state at
/// the sigma that Newton found for that theta, which is kept with it.</summary>
internal sealed class FitObjective : IGradientObjective, ICurvatureObjective
{
    private readonly LinearMixedModel model;
    private readonly EstimationMethod method;
    private readonly PriorModel? prior;
    private readonly Action<double[], double> onValue;
    private readonly CancellationToken cancellationToken;

    /// <summary>Whether the last update gave a usable value; the theta it was at is the factor's own
    /// (<see cref="BlockedFactor.Holds"/>), and under a prior <see cref="priorState"/> belongs to it.</summary>
    private bool lastUsable;
    private SigmaState? priorState;

    /// <summary><paramref name="onValue"/> is called with theta and the value after every value the optimizer asks
    /// for (progress), not for the update a gradient at another theta needs.</summary>
    public FitObjective(LinearMixedModel model, EstimationMethod method, PriorModel? prior, Action<double[], double> onValue,
        CancellationToken cancellationToken)
    {
        this.model = model;
        this.method = method;
        this.prior = prior;
        this.onValue = onValue;
        this.cancellationToken = cancellationToken;
    }

    public double Value(double[] theta)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double value = Update(theta);
        onValue(theta, value);
        return value;
    }

    public void Gradient(double[] theta, double[] gradient)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The optimizer normally asks right after the value at this theta; anywhere else the factor must be updated.
        if (!IsCurrentAt(theta) && !CountingObjective.IsUsable(Update(theta)))
        {
            for (int i = 0; i < gradient.Length; i++) gradient[i] = double.NaN;
            return;
        }

        if (prior is null) model.GradientAtCurrent(theta, method, gradient);
        else prior.GradientAtCurrent(theta, priorState!, gradient);
    }

    /// <summary>The average-information approximation (<see cref="AverageInformation"/>) at the theta just evaluated;
    /// none under a prior, whose objective is minimised over sigma as well.</summary>
    public bool TryCurvature(double[] theta, double[] gradient, double[,] curvature)
    {
        if (prior is not null || !IsCurrentAt(theta)) return false;
        var approximation = AverageInformation.Compute(model, theta, method, gradient);
        Array.Copy(approximation, curvature, approximation.Length);
        return true;
    }

    private double Update(double[] theta)
    {
        double value;
        if (prior is null)
        {
            // A factor that already holds theta (a refit's start: LinearMixedModel.ReturnToStart) is read, not factored again.
            value = model.Factor.Holds(theta) ? model.ReadAt(theta, method) : model.UpdateAndRead(theta, method);
        }
        else
        {
            value = prior.UpdateAndRead(theta, out var state);
            priorState = state;
        }

        lastUsable = CountingObjective.IsUsable(value);
        return value;
    }

    private bool IsCurrentAt(double[] theta) => lastUsable && model.Factor.Holds(theta);
}
