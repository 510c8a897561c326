namespace LmmPS.Core.Design;

/// <summary>lme4's order of the random-effects terms, which fixes the order of theta.</summary>
internal static class RandomTermOrder
{
    /// <summary>
    /// lme4's mkReTrms leaves the terms as written unless some term has more levels than the term before it
    /// (<c>any(diff(nl) &gt; 0)</c>); only then does it reorder, with <c>rev(order(nl))</c>. order() is stable and
    /// ascending, so after rev() the levels decrease but terms with equal level counts come out in REVERSE of
    /// the written order. Example: (1|a) + (1|b) + (1|c) with 5, 20, 5 levels becomes b, c, a; with 20, 5, 5
    /// levels it stays a, b, c. Both cases are reproduced here, ties included, because theta follows this order.
    /// </summary>
    public static int[] Order(IReadOnlyList<int> levelCounts)
    {
        int count = levelCounts.Count;
        bool needsReorder = false;
        for (int i = 1; i < count; i++)
            if (levelCounts[i] > levelCounts[i - 1])
                needsReorder = true;
        if (!needsReorder)
            return Enumerable.Range(0, count).ToArray();

        // OrderBy is a stable sort, like R's order().
        int[] ascending = Enumerable.Range(0, count).OrderBy(i => levelCounts[i]).ToArray();
        Array.Reverse(ascending);
        return ascending;
    }
}
