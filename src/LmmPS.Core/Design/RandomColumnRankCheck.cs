namespace LmmPS.Core.Design;

/// <summary>Warns when a random-effects term's columns are linearly dependent within every level of its grouping
/// factor (e.g. <c>(1 + Days + Days2 | Subject)</c> with Days2 = 2 Days, or a slope column that is constant). The
/// data then only see combinations of the term's effects, so its variances and correlations are not identified: the
/// fit returns arbitrary values on a flat ridge without being on the boundary (issue 17: Singular = False). lme4
/// reaches the same situation through its "nearly unidentifiable" warning; this says which columns are to blame.</summary>
internal static class RandomColumnRankCheck
{
    /// <summary>The warning for the term, or null when some level with at least k rows has k independent columns
    /// (RankCheck's 1e-7 Gram-Schmidt walk per level, the test lme4 applies to X).</summary>
    public static string? Warning(RandomEffectsTerm term)
    {
        int k = term.ColumnCount;
        if (k < 2)
            return null;
        var rowsByLevel = new List<int>[term.LevelCount];
        for (int i = 0; i < term.LevelIndex.Length; i++)
            (rowsByLevel[term.LevelIndex[i]] ??= new List<int>()).Add(i);
        List<int>? firstDependent = null;
        foreach (var rows in rowsByLevel)
        {
            if (rows is null || rows.Count < k)
                continue;
            var columns = new List<double[]>();
            for (int c = 0; c < k; c++)
                columns.Add(rows.Select(i => term.Z[i * k + c]).ToArray());
            var kept = RankCheck.KeptColumns(columns);
            if (kept.Count == k)
                return null;
            firstDependent ??= Enumerable.Range(0, k).Except(kept).ToList();
        }
        if (firstDependent is null)
            return null;
        var dependent = string.Join(", ", firstDependent.Select(c => term.ColumnNames[c]));
        return $"The random-effects columns of '{term.Group}' ({string.Join(", ", term.ColumnNames)}) are linearly dependent within " +
            $"every level of '{term.Group}': {dependent} is a combination of the columns before it. Their variances and correlations " +
            "are not identifiable (lme4: the model is nearly unidentifiable) and the estimates are arbitrary; remove the dependent column(s).";
    }
}
