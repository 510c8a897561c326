namespace LmmPS.Core.Model;

/// <summary>What one update of the factor left: the update's number and whether it factored. A value: a reader given
/// a state from an earlier update than the factor's last (<see cref="BlockedFactor.Check"/>) throws
/// <see cref="StaleFactorException"/> instead of returning numbers of another theta.</summary>
internal readonly struct FactorState
{
    public FactorState(long version, bool factored)
    {
        Version = version;
        Factored = factored;
    }

    /// <summary>The update this state belongs to (<see cref="BlockedFactor.Version"/> right after it).</summary>
    public long Version { get; }

    /// <summary>False where the fixed-effects part was not positive definite: nothing may be read then.</summary>
    public bool Factored { get; }
}

/// <summary>Something read the factor at another theta than the one it holds, or after an update that failed: a
/// bug in the calling code (the order of update and read), never a property of the data.</summary>
public sealed class StaleFactorException(string message) : InvalidOperationException(message);
