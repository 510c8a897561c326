using LmmPS.Core.Fitting;

namespace LmmPS.Conformance;

/// <summary>Compares the reference <c>ranef</c> (conditional modes and conditional SDs) with ours. lme4 lists
/// random effects per grouping factor and merges the columns of every term of that factor (with
/// <c>(1|Subject) + (0+Days|Subject)</c> one "Subject" group has columns (Intercept) and Days), while we keep
/// one table per term: so values are matched by (group, column name) across our terms, and levels by label.
/// Tolerance: relative, with an absolute floor of 1e-3 * max|column| (1e-3 * sigma for a column that is all 0).</summary>
public static class RandomEffectsChecks
{
    public static IEnumerable<CheckResult> All(string file, FitResult fit, IReadOnlyList<ReferenceRanef> reference)
    {
        var usedColumns = new HashSet<(int Table, int Column)>();
        foreach (var r in reference)
        {
            var modes = new ElementComparer();
            var condsd = new ElementComparer();
            var modeFloors = new List<string>();
            var sdFloors = new List<string>();
            foreach (string column in r.Columns)
            {
                var location = Find(fit.RandomEffects, r.Group, column, usedColumns);
                if (location is not var (t, c))
                {
                    modes.Missing(column);
                    if (r.ConditionalSD is not null)
                        condsd.Missing(column);
                    continue;
                }
                usedColumns.Add((t, c));
                var table = fit.RandomEffects[t];
                int[] ourRow = LevelRows(table, r.Levels);
                if (r.Modes.TryGetValue(column, out var refModes))
                    modeFloors.Add(AddColumn(modes, table, table.Modes, c, column, r.Levels, ourRow, refModes, "mode", fit.Sigma));
                if (r.ConditionalSD is { } sds && sds.TryGetValue(column, out var refSds))
                    sdFloors.Add(AddColumn(condsd, table, table.ConditionalSD, c, column, r.Levels, ourRow, refSds, "condsd", fit.Sigma));
            }
            string tolerance = $"tol {Format.Small(Tolerances.Ranef)} rel, abs floor {Format.Small(Tolerances.RanefFloor)}*max|column|";
            yield return modes.ToResult(file, $"{CheckNames.Ranef}/{r.Group}/mode", $"{tolerance} (floors: {string.Join(", ", modeFloors)})");
            if (r.ConditionalSD is not null)
                yield return condsd.ToResult(file, $"{CheckNames.Ranef}/{r.Group}/condsd", $"{tolerance} (floors: {string.Join(", ", sdFloors)})");
        }
    }

    /// <summary>Our (table, column) holding the reference's (group, column), skipping pairs already matched.</summary>
    public static (int Table, int Column)? Find(IReadOnlyList<RandomEffectsTable> tables, string group, string column, ISet<(int, int)> used)
    {
        for (int t = 0; t < tables.Count; t++)
        {
            if (tables[t].Group != group)
                continue;
            for (int c = 0; c < tables[t].Names.Count; c++)
                if (tables[t].Names[c] == column && !used.Contains((t, c)))
                    return (t, c);
        }
        return null;
    }

    /// <summary>For each reference level, its row in our table, or -1 when we do not have that level.</summary>
    private static int[] LevelRows(RandomEffectsTable table, IReadOnlyList<string> levels)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < table.Levels.Count; i++)
            index[table.Levels[i]] = i;
        return levels.Select(l => index.TryGetValue(l, out int i) ? i : -1).ToArray();
    }

    /// <summary>Adds one column of values; returns the floor used, for the detail.</summary>
    private static string AddColumn(ElementComparer comparer, RandomEffectsTable table, double[] values, int column, string name,
        IReadOnlyList<string> levels, int[] ourRow, IReadOnlyList<double?> reference, string what, double sigma)
    {
        double floor = Tolerance.ColumnFloor(reference, Tolerances.RanefFloor);
        string note = "";
        if (floor == 0)
        {
            // A column that is exactly 0 (singular fit: theta on the boundary) has no scale of its own; use the
            // residual SD, matching the 1e-3 absolute tolerance a theta of 0 gets.
            floor = Tolerances.RanefFloor * sigma;
            note = " (column all 0: 1e-3*sigma)";
        }
        int k = table.Names.Count;
        for (int l = 0; l < levels.Count && l < reference.Count; l++)
        {
            string label = $"{what}[{levels[l]},{name}]";
            if (ourRow[l] < 0)
                comparer.Missing(label);
            else
                comparer.Add(label, values[ourRow[l] * k + column], reference[l],
                    reference[l] is double e ? Tolerance.RelativeAllowance(e, Tolerances.Ranef, floor) : 0);
        }
        return $"{name} {Format.Small(floor)}{note}";
    }
}
