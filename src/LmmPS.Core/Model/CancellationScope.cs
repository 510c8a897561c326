namespace LmmPS.Core.Model;

/// <summary>The token a factor's long work checks while one call drives it (<see cref="LinearMixedModel.CancelWith"/>);
/// disposing restores the token it replaced, so a model that outlives the call (the fit's model, kept for a refit)
/// never holds a token of a call that has ended.</summary>
internal readonly struct CancellationScope : IDisposable
{
    private readonly BlockedFactor _factor;
    private readonly CancellationToken _previous;

    public CancellationScope(BlockedFactor factor, CancellationToken cancellationToken)
    {
        _factor = factor;
        _previous = factor.Cancellation;
        factor.Cancellation = cancellationToken;
    }

    public void Dispose() => _factor.Cancellation = _previous;
}
