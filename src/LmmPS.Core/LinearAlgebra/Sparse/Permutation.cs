namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>Orderings as arrays: order[k] is the original index placed k-th; the inverse maps an original index to
/// its place.</summary>
internal static class Permutation
{
    public static int[] Inverse(int[] order)
    {
        var inverse = new int[order.Length];
        for (int k = 0; k < inverse.Length; k++) inverse[k] = -1;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            if ((uint)i >= (uint)order.Length || inverse[i] >= 0)
                throw new ArgumentException($"Not a permutation: index {i} at place {k}.", nameof(order));
            inverse[i] = k;
        }
        return inverse;
    }

    public static int[] Identity(int n)
    {
        var order = new int[n];
        for (int k = 0; k < n; k++) order[k] = k;
        return order;
    }

    /// <summary>The ordering that applies <paramref name="first"/> and then reorders its result by
    /// <paramref name="then"/> (then[k] is a place in first's order).</summary>
    public static int[] Compose(int[] first, int[] then)
    {
        var order = new int[first.Length];
        for (int k = 0; k < order.Length; k++) order[k] = first[then[k]];
        return order;
    }
}
