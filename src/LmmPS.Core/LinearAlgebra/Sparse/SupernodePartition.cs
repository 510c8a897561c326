namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>Supernodes of a postordered elimination tree: runs of consecutive columns factored as one dense block.
/// Fundamental supernodes (Liu, Ng and Peyton 1993): column j+1 continues j's supernode when it is j's parent, j
/// is its only child, and their counts differ by one (same structure below). Relaxed amalgamation (Ashcraft and
/// Grimes 1989) then merges a child supernode into its parent when the child ends just before the parent and its
/// last column's parent is the parent's first column (so the child's rows below it lie in the parent's rows and
/// the merged block has height = child columns + parent height), if the explicit zeros that adds stay small: any
/// merge up to 4 columns, up to 16 columns under 80% zeros, up to 48 under 10%, larger under 5%.</summary>
internal static class SupernodePartition
{
    /// <summary>First column of each supernode (plus n at the end) and each supernode's block height.</summary>
    public static (int[] First, int[] Height) Find(int[] parent, int[] counts, bool relaxed)
    {
        int n = parent.Length;
        var children = new int[n];
        foreach (int p in parent)
            if (p >= 0) children[p]++;
        var first = new List<int>();
        var height = new List<int>();
        var trueEntries = new List<long>();
        for (int j = 0; j < n; j++)
        {
            int f = j;
            long entries = counts[j];
            while (j + 1 < n && parent[j] == j + 1 && children[j + 1] == 1 && counts[j] == counts[j + 1] + 1)
                entries += counts[++j];
            int columns = j - f + 1, h = counts[f];
            // The stack: finished supernodes not yet merged into a parent.
            while (relaxed && first.Count > 0)
            {
                int c = first.Count - 1, childColumns = f - first[c];
                if (parent[f - 1] != f) break;
                int mergedColumns = childColumns + columns, mergedHeight = childColumns + h;
                long stored = (long)mergedColumns * mergedHeight - (long)mergedColumns * (mergedColumns - 1) / 2;
                long merged = trueEntries[c] + entries;
                double zeros = (stored - merged) / (double)stored;
                bool accept = mergedColumns <= 4 || (mergedColumns <= 16 && zeros < 0.8) || (mergedColumns <= 48 && zeros < 0.1) || zeros < 0.05;
                if (!accept) break;
                f = first[c];
                columns = mergedColumns;
                h = mergedHeight;
                entries = merged;
                first.RemoveAt(c);
                height.RemoveAt(c);
                trueEntries.RemoveAt(c);
            }
            first.Add(f);
            height.Add(h);
            trueEntries.Add(entries);
        }
        // Merges only take the top of the stack, which always ends just before the supernode being built, so the
        // list stays sorted and contiguous.
        first.Add(n);
        return (first.ToArray(), height.ToArray());
    }
}
