using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Core.Model;

/// <summary>What a fit will hold at its peak, estimated from the design before anything large is allocated, so a
/// model that cannot fit is refused at once with the figure (lme4 crashes on such models). The dense trailing
/// block dominates: m x m three times (the cross-product, its factor, and L_T^-1, which the gradient and the
/// conditional variances share). The general gradient path needs two more near the boundary; it checks the memory
/// itself when it is first used. The optimizer's Hessian approximation adds a residual and a few q-vectors per theta
/// element.</summary>
internal static class ModelMemory
{
    /// <summary>Largest number of elements of one .NET array of doubles (<see cref="MemoryGuard.MaxArrayLength"/>).</summary>
    internal const long MaxArrayLength = MemoryGuard.MaxArrayLength;

    /// <summary>Throws ModelTooLarge when the dense block cannot be one array or the estimate exceeds the memory
    /// available. <paramref name="m"/> = q_D + p + 1, <paramref name="laterRows"/> = q_D.</summary>
    public static void EnsureFits(ModelDesign design, int m, int laterRows) =>
        EnsureFits(design, m, laterRows, MemoryGuard.AvailableBytes());

    /// <summary>As above against <paramref name="availableBytes"/> (tests give a figure so the refusal does not depend
    /// on the machine's memory).</summary>
    internal static void EnsureFits(ModelDesign design, int m, int laterRows, long availableBytes)
    {
        long cells = (long)m * m;
        if (cells > MaxArrayLength)
            throw new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                $"The dense part of the factorization would be {m} x {m} ({cells:N0} values): more than one .NET array can hold " +
                $"({MaxArrayLength:N0}). Its size is the number of random effects of the terms after the first ({LaterTerms(design)}) " +
                "plus the fixed effects and the response. Reduce the number of levels of the grouping factors after the first.");
        long theta = design.ThetaCount;
        if (theta * theta > MaxArrayLength)
            throw new LmmException("ModelTooLarge", LmmErrorCategory.ResourceUnavailable,
                $"The model has {theta:N0} covariance parameters (theta), so the optimizer's curvature matrix would be {theta:N0} x {theta:N0} " +
                $"({theta * theta:N0} values): more than one .NET array can hold. {ThetaAdvice(design)}");
        long bytes = EstimateBytes(design, m, laterRows);
        long curvature = CurvatureValues(design) * sizeof(double);
        string what = curvature > bytes / 2
            ? $"the optimizer's curvature matrices ({theta:N0} x {theta:N0} covariance parameters, four times: {MemoryGuard.Format(curvature)}) and the factorization"
            : $"the dense part of the factorization and its inverse ({m} x {m}, three times) and the sparse blocks";
        MemoryGuard.EnsureAvailable(bytes, what, availableBytes, curvature > bytes / 2 ? ThetaAdvice(design) : null);
    }

    /// <summary>Throws ModelTooLarge when the sparse kind of the trailing factor (<see cref="SparseTrailing"/>) does
    /// not fit, from its symbolic counts, before its values are allocated.</summary>
    public static void EnsureSparseFits(ModelDesign design, SymbolicCholesky symbolic, BlockSparsePanel panel)
    {
        long pairs = 0;
        for (int l = 0; l < panel.LevelCount; l++)
        {
            long c = panel.NonZerosIn(l);
            pairs += c * (c + 1) / 2;
        }
        long bytes = EstimateSparseBytes(design, symbolic, pairs);
        MemoryGuard.EnsureAvailable(bytes,
            $"the sparse trailing factor ({symbolic.Order} rows, {symbolic.StoredEntries:N0} stored values) and the sparse blocks");
    }

    /// <summary>Bytes at the peak of a fit on the sparse kind: the factor's numeric bytes and its selected inverse
    /// (conditional variances), the cross-product's values, the scaled copy and the entries' rows and columns on the
    /// pattern, the downdate map, the first term's blocks (bounded as for the dense kind) and the dense [X y] panel.</summary>
    public static long EstimateSparseBytes(ModelDesign design, SymbolicCholesky symbolic, long pairs)
    {
        var terms = design.RandomTerms;
        long n = design.RowCount;
        int k0 = terms[0].ColumnCount;
        long laterColumns = terms.Skip(1).Sum(t => (long)t.ColumnCount);
        long patternEntries = symbolic.Source.Count;
        long sparseBytes = n * laterColumns * (4 + 16L * k0 + 8 + 8);
        return symbolic.NumericBytes + 8L * symbolic.StoredEntries + patternEntries * (8 + 8 + 4 + 4 + 4) + 4 * pairs
            + 8L * (3L * (design.FixedEffectCount + 1) * terms[0].Size + AverageInformationValues(design)) + sparseBytes;
    }

    /// <summary>Bytes at the peak of a fit (see the class summary), sparse parts bounded by one entry per row and
    /// later term.</summary>
    public static long EstimateBytes(ModelDesign design, int m, int laterRows)
    {
        var terms = design.RandomTerms;
        long n = design.RowCount;
        int k0 = terms[0].ColumnCount;
        long laterColumns = 0;
        for (int j = 1; j < terms.Count; j++) laterColumns += terms[j].ColumnCount;
        long denseValues = 3L * m * m
            + StripPacking.Length(m, KernelOptions.DefaultCholeskyBlockSize)
            + 3L * (design.FixedEffectCount + 1) * terms[0].Size
            + AverageInformationValues(design)
            + CurvatureValues(design);
        // Per sparse entry: its row (4 bytes), cross-product and factor values (2 x 8 per first-term column), the
        // row index's level and position (8), and 8 more as a bound on what building the pattern holds (the rows in
        // level order, two ints per later-term level).
        long sparseBytes = n * laterColumns * (4 + 16L * k0 + 8 + 8);
        return denseValues * sizeof(double) + sparseBytes;
    }

    /// <summary>m x m arrays at least this large in total are worth a collection before they are allocated.</summary>
    internal const long ReclaimThresholdBytes = 8L << 20;

    /// <summary>Before <paramref name="squares"/> arrays of m x m doubles (a cross-product, factors) are allocated at
    /// once, as a profile does for its model and workers: collects the dead models of earlier fits first when the
    /// arrays are large. A fit leaves its model (the cross-product, the factor and L_T^-1, about 3 m^2 doubles) as
    /// garbage on the large-object heap, which only a full collection returns; allocating the profile's arrays on top
    /// of it set the process's peak. Measured on InstEval with 2 workers (bench/README.md).</summary>
    public static void ReclaimBefore(int m, int squares)
    {
        if ((long)m * m * sizeof(double) * squares < ReclaimThresholdBytes) return;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
    }

    /// <summary>m = q_D + p + 1, the dense trailing block's order, of <paramref name="design"/>.</summary>
    public static int TrailingSize(ModelDesign design) =>
        design.RandomEffectCount - design.RandomTerms[0].Size + design.FixedEffectCount + 1;

    /// <summary>What the optimizer's Hessian approximation holds while it is formed (<see cref="AverageInformation"/>):
    /// the residual (n), the solution and one right-hand side of length q + p per theta element.</summary>
    private static long AverageInformationValues(ModelDesign design) =>
        design.RowCount + (design.ThetaCount + 1L) * (design.RandomEffectCount + design.FixedEffectCount);

    /// <summary>The theta x theta matrices held at once in an evaluation: the average-information matrix's Gram part
    /// and the matrix itself (<see cref="AverageInformation"/>), and the optimizer's model Hessian and the copy its
    /// step works on. For <c>y ~ x + (f | g)</c> with f of 300 levels (45,150 theta elements) that is 65 GB, which
    /// was neither estimated nor refused (issue 17 item 8).</summary>
    internal static long CurvatureValues(ModelDesign design) => 4L * design.ThetaCount * design.ThetaCount;

    private static string ThetaAdvice(ModelDesign design)
    {
        var widest = design.RandomTerms.OrderByDescending(t => t.ColumnCount).First();
        return $"The widest random-effects term is '{string.Join(" + ", widest.ColumnNames.Take(3))}{(widest.ColumnCount > 3 ? " + ..." : "")} | {widest.Group}' " +
            $"with {widest.ColumnCount} columns ({widest.ColumnCount * (widest.ColumnCount + 1L) / 2:N0} covariance parameters). " +
            "Use fewer columns per term (e.g. a numeric covariate instead of a many-level factor, or (1 | g) + (1 | g:f) instead of (f | g)).";
    }

    private static string LaterTerms(ModelDesign design) =>
        string.Join(", ", design.RandomTerms.Skip(1).Select(t => $"'{t.Group}': {t.LevelCount} levels x {t.ColumnCount}"));
}
