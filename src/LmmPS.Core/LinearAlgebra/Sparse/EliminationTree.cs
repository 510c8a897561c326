namespace LmmPS.Core.LinearAlgebra.Sparse;

/// <summary>The elimination tree of a symmetric pattern (Liu 1990, "The role of elimination trees in sparse
/// factorization"): the parent of column j is the row of the first off-diagonal non-zero of column j of L. Built
/// row by row with path compression through a virtual ancestor array, in near-linear time; L is never formed.
/// Row k of L is the union of the tree paths from each i with A(k, i) != 0 up to k (the row subtree), which
/// gives the column counts exactly by visiting each non-zero of L once with a marker.</summary>
internal static class EliminationTree
{
    /// <summary>parent[j], or -1 for a root.</summary>
    public static int[] Parents(SymmetricPattern pattern)
    {
        int n = pattern.Order;
        var (rowStarts, rowColumns) = pattern.StrictRows();
        var parent = new int[n];
        var ancestor = new int[n];
        for (int k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int t = rowStarts[k]; t < rowStarts[k + 1]; t++)
            {
                // Climb from i to the root of its current subtree, pointing every node passed at k.
                int i = rowColumns[t];
                while (i != -1 && i < k)
                {
                    int next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1) parent[i] = k;
                    i = next;
                }
            }
        }
        return parent;
    }

    /// <summary>A postorder of the forest (children before parents, each subtree contiguous): result[k] is the
    /// node placed k-th. Children are visited in ascending order, so the result is deterministic. Renumbering a
    /// matrix by a postorder of its elimination tree changes neither L's pattern size nor the tree's shape, and
    /// makes every fundamental supernode a run of consecutive columns.</summary>
    public static int[] Postorder(int[] parent)
    {
        int n = parent.Length;
        var head = new int[n];
        var next = new int[n];
        for (int j = 0; j < n; j++) head[j] = -1;
        // Insert children in descending order so each list reads ascending.
        for (int j = n - 1; j >= 0; j--)
            if (parent[j] >= 0)
            {
                next[j] = head[parent[j]];
                head[parent[j]] = j;
            }
        var order = new int[n];
        var stack = new int[n];
        int k = 0;
        for (int root = 0; root < n; root++)
        {
            if (parent[root] != -1) continue;
            int top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                int node = stack[top];
                int child = head[node];
                if (child == -1)
                {
                    top--;
                    order[k++] = node;
                }
                else
                {
                    head[node] = next[child];
                    stack[++top] = child;
                }
            }
        }
        return order;
    }

    /// <summary>Non-zeros per column of L, the diagonal included, by walking each row subtree once.</summary>
    public static int[] ColumnCounts(SymmetricPattern pattern, int[] parent)
    {
        int n = pattern.Order;
        var (rowStarts, rowColumns) = pattern.StrictRows();
        var counts = new int[n];
        var mark = new int[n];
        for (int j = 0; j < n; j++) mark[j] = -1;
        for (int k = 0; k < n; k++)
        {
            counts[k]++;
            mark[k] = k;
            for (int t = rowStarts[k]; t < rowStarts[k + 1]; t++)
                // Every node on the path from i up to k (exclusive) has L(k, node) != 0.
                for (int i = rowColumns[t]; mark[i] != k; i = parent[i])
                {
                    counts[i]++;
                    mark[i] = k;
                }
        }
        return counts;
    }
}
