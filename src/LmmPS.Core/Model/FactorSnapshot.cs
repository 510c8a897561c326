namespace LmmPS.Core.Model;

/// <summary>A copy of a dense-kind factor's blocks at one theta (<see cref="BlockedFactor.Snapshot"/>): what a refit
/// with another response returns to (<see cref="BlockedFactor.ReturnTo"/>) instead of factoring again at the same
/// theta. Its y rows belong to the response it was taken under and are formed again on return. Costs about one m x m
/// array (the trailing factor) beside the first term's blocks.</summary>
internal sealed class FactorSnapshot
{
    private readonly BlockedFactor _owner;
    private readonly double[] _first;
    private readonly double[] _sparse;
    private readonly double[] _dense;
    private readonly double[] _trailing;

    public FactorSnapshot(BlockedFactor factor, ReadOnlySpan<double> theta, long responseFreeVersion)
    {
        _owner = factor;
        Theta = theta.ToArray();
        ResponseFreeVersion = responseFreeVersion;
        _first = (double[])factor.First.Values.Clone();
        _sparse = (double[])factor.Sparse.Values.Clone();
        _dense = (double[])factor.Dense.Values.Clone();
        _trailing = (double[])factor.Trailing.Clone();
    }

    /// <summary>The theta the copy was taken at.</summary>
    public double[] Theta { get; }

    /// <summary>The factor's <see cref="BlockedFactor.ResponseFreeVersion"/> when the copy was taken.</summary>
    public long ResponseFreeVersion { get; }

    public bool IsOf(BlockedFactor factor) => ReferenceEquals(factor, _owner);

    /// <summary>Writes the copy back into its factor's blocks.</summary>
    public void CopyInto(BlockedFactor factor)
    {
        Array.Copy(_first, factor.First.Values, _first.Length);
        Array.Copy(_sparse, factor.Sparse.Values, _sparse.Length);
        Array.Copy(_dense, factor.Dense.Values, _dense.Length);
        Array.Copy(_trailing, factor.Trailing, _trailing.Length);
    }
}
