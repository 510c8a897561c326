using LmmPS.Core.Common;

namespace LmmPS.Core.Design;

/// <summary>Refuses a model matrix that cannot be held before any of it is built (issue 17 item 9: a 100,000-level
/// fixed factor built a 100,000 x 100,000 coding matrix and then X, and failed with an OutOfMemoryException). The
/// size is known from the frame: per term the product over its variables of 1 (numeric), levels - 1 (contrasts) or
/// levels (indicators).</summary>
internal static class DesignMemory
{
    /// <summary>Throws ModelTooLarge when the columns cannot be one array or would not fit in memory: the candidate
    /// columns and X (n x p each), and the rank check's p x p cross-product.</summary>
    /// <param name="rows">n.</param>
    /// <param name="termColumns">Each term's label and column count, in order (the intercept included as a term).</param>
    /// <param name="context">Where the columns come from, e.g. "the fixed effects".</param>
    public static void EnsureFits(int rows, IReadOnlyList<(string Term, long Columns)> termColumns, string context) =>
        EnsureFits(rows, termColumns, context, MemoryGuard.AvailableBytes());

    internal static void EnsureFits(int rows, IReadOnlyList<(string Term, long Columns)> termColumns, string context, long availableBytes)
    {
        long columns = 0;
        foreach (var t in termColumns)
            columns += t.Columns;
        if (columns == 0)
            return;
        // Saturating products: a three-way interaction of large factors overflows a long.
        double cells = (double)rows * columns, square = (double)columns * columns;
        var widest = termColumns.OrderByDescending(t => t.Columns).First();
        string size = $"{context} would have {columns:N0} columns on {rows:N0} rows ({cells:N0} values, {MemoryGuard.Format(Bytes(cells))}); " +
            $"the term '{widest.Term}' gives {widest.Columns:N0} of them.";
        const string advice = "A factor with thousands of levels is better modelled as a grouping factor, e.g. (1 | f) instead of f, " +
            "or drop the interaction that multiplies the levels.";
        if (cells > MemoryGuard.MaxArrayLength || square > MemoryGuard.MaxArrayLength)
            throw new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                $"The model matrix of {size} That is more than one .NET array can hold ({MemoryGuard.MaxArrayLength:N0} values, " +
                $"for the matrix and for its {columns:N0} x {columns:N0} cross-product). {advice}");
        MemoryGuard.EnsureAvailable(Bytes(2 * cells + square), $"the model matrix of {size} It is held twice while built, with its cross-product,",
            availableBytes, advice);
    }

    private static long Bytes(double values) => values * sizeof(double) >= long.MaxValue ? long.MaxValue : (long)(values * sizeof(double));
}
