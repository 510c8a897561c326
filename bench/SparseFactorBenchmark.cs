using System.Diagnostics;
using System.Text.Json;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.LinearAlgebra.Sparse;

namespace LmmPS.Bench;

/// <summary>The `sparse` verb: the sparse factor on a design's trailing block, as issue 15 plans it. Reads the
/// grouping columns --terms (first the factor eliminated first, e.g. pupil) from a CSV, forms the pattern of the
/// later terms' levels after eliminating the first (one clique per first-term level: the later levels its rows
/// touch) and its values at theta = 1,
///   A = I + sum over rows e e' - sum over first-term levels g of c_g c_g' / (n_g + 1),
/// (e: the row's later-level indicators, c_g: their sum over g's n_g rows; Z'Z + I with the first term's diagonal
/// block eliminated), then prints the symbolic counts (AMD and natural order), the analysis time, the best of
/// --repeat numeric factorizations, the selected inverse's time, and with --dense yes the dense Cholesky of the
/// same matrix (today's path) with both log-determinants as a check.</summary>
internal static class SparseFactorBenchmark
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        // The dense kernels take their threads as an option (KernelOptions); the supernodal kernels still read the static.
        var kernels = new KernelOptions { MaxThreads = args.Int("threads", Environment.ProcessorCount) };
        var terms = args.Required("terms").Split(',');
        if (terms.Length < 2) throw new UsageException("--terms needs the first term and at least one later term.");
        int repeat = args.Int("repeat", 3);
        bool dense = (args.Optional("dense") ?? "no") == "yes";
        var (first, later, order) = ReadLevels(args.Required("data"), terms);

        var clock = Stopwatch.StartNew();
        var (pattern, values, links) = TrailingBlock(first, later, order);
        double patternSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var symbolic = SymbolicCholesky.Analyze(pattern);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        var natural = SymbolicCholesky.Analyze(pattern, FillOrdering.Natural);

        var factor = new SupernodalCholesky(symbolic, kernels.MaxThreads);
        double factorSeconds = Best(repeat, () =>
        {
            if (!factor.TryFactor(values)) throw new InvalidOperationException("The trailing block is not positive definite.");
        });
        double logDet = factor.LogDeterminant();
        double inverseSeconds = Best(Math.Min(repeat, 2), () => SelectedInverse.Compute(factor));
        // The first term's block and its links: per first-term level its diagonal and one entry per later level
        // it touches (the clique sizes), what a whole-model factor (lme4's L) holds besides the trailing part.
        long firstTermEntries = first.Max() + 1 + links;
        var result = new Dictionary<string, object>
        {
            ["rows"] = first.Length,
            ["first_levels"] = first.Max() + 1,
            ["trailing_size"] = order,
            ["pattern_entries"] = pattern.Count,
            ["predicted_nonzeros"] = symbolic.Nonzeros,
            ["predicted_nonzeros_natural_order"] = natural.Nonzeros,
            ["stored_entries"] = symbolic.StoredEntries,
            ["supernodes"] = symbolic.SupernodeCount,
            ["largest_supernode_columns"] = Enumerable.Range(0, symbolic.SupernodeCount).Max(symbolic.Columns),
            ["multiply_adds"] = symbolic.MultiplyAdds,
            ["dense_multiply_adds"] = (double)order * order * order / 6,
            ["numeric_bytes"] = symbolic.NumericBytes,
            ["whole_model_nonzeros_estimate"] = symbolic.Nonzeros + firstTermEntries,
            ["pattern_seconds"] = patternSeconds,
            ["analysis_seconds"] = analysisSeconds,
            ["factor_seconds"] = factorSeconds,
            ["selected_inverse_seconds"] = inverseSeconds,
            ["threads"] = kernels.MaxThreads,
            ["log_determinant"] = logDet,
        };
        if (dense)
        {
            var a = new double[(long)order * order];
            for (int j = 0; j < order; j++)
                for (int k = pattern.ColumnStarts[j]; k < pattern.ColumnStarts[j + 1]; k++)
                    a[(long)j * order + pattern.RowIndices[k]] = values[k];
            var work = new double[a.Length];
            var workspace = new CholeskyWorkspace();
            result["dense_factor_seconds"] = Best(1, () =>
            {
                Array.Copy(a, work, a.Length);
                if (!DenseCholesky.TryFactor(work, 0, order, order, workspace, kernels)) throw new InvalidOperationException("Dense factor failed.");
            });
            double denseLogDet = 0;
            for (int j = 0; j < order; j++) denseLogDet += 2 * Math.Log(work[(long)j * order + j]);
            result["dense_log_determinant"] = denseLogDet;
        }
        output.WriteLine(JsonSerializer.Serialize(result, BenchJson.Options));
        return 0;
    }

    /// <summary>Best wall time of repeat runs after one warm-up.</summary>
    private static double Best(int repeat, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Level codes (order of first appearance) of the first term per row, and of each later term per row
    /// offset into one numbering of all later levels.</summary>
    private static (int[] First, int[][] Later, int Order) ReadLevels(string path, string[] terms)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new UsageException($"'{path}' is empty.")).Split(',');
        var columns = terms.Select(t =>
        {
            int c = Array.IndexOf(header, t);
            return c >= 0 ? c : throw new UsageException($"'{path}' has no column '{t}' (columns: {string.Join(", ", header)}).");
        }).ToArray();
        var maps = terms.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var codes = terms.Select(_ => new List<int>()).ToArray();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var fields = line.Split(',');
            for (int t = 0; t < terms.Length; t++)
            {
                var map = maps[t];
                if (!map.TryGetValue(fields[columns[t]], out int code)) map[fields[columns[t]]] = code = map.Count;
                codes[t].Add(code);
            }
        }
        // Later terms' levels numbered one after another: term t's level c is offset[t] + c.
        var later = new int[terms.Length - 1][];
        int total = 0;
        for (int t = 1; t < terms.Length; t++)
        {
            int offset = total;
            later[t - 1] = codes[t].Select(c => c + offset).ToArray();
            total += maps[t].Count;
        }
        return (codes[0].ToArray(), later, total);
    }

    private static (SymmetricPattern Pattern, double[] Values, long Links) TrailingBlock(int[] first, int[][] later, int order)
    {
        int levels = first.Max() + 1;
        var rowsOf = new List<int>[levels];
        for (int r = 0; r < first.Length; r++) (rowsOf[first[r]] ??= new List<int>()).Add(r);
        var cliques = rowsOf.Select(rows => rows.SelectMany(r => later.Select(t => t[r])).Distinct().ToArray()).ToList();
        var pattern = SymmetricPattern.FromCliques(order, cliques);
        var values = new double[pattern.Count];
        for (int i = 0; i < order; i++) values[pattern.ColumnStarts[i]] = 1.0;
        var sums = new Dictionary<int, double>();
        for (int g = 0; g < levels; g++)
        {
            sums.Clear();
            foreach (int r in rowsOf[g])
                foreach (var a in later)
                {
                    sums[a[r]] = sums.TryGetValue(a[r], out double s) ? s + 1 : 1;
                    foreach (var b in later)
                        if (a[r] >= b[r]) values[pattern.IndexOf(a[r], b[r])] += 1.0;
                }
            double scale = 1.0 / (rowsOf[g].Count + 1);
            foreach (var (i, ci) in sums)
                foreach (var (j, cj) in sums)
                    if (i >= j) values[pattern.IndexOf(i, j)] -= ci * cj * scale;
        }
        return (pattern, values, cliques.Sum(c => (long)c.Length));
    }
}
