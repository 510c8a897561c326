using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Looks up the formula's variables in the data and explains a miss with the closest column name.</summary>
internal static class ColumnResolver
{
    public static Column Resolve(Formula formula, DataFrame data, string name)
    {
        if (data.TryGetColumn(name, out var column))
            return column;

        var known = data.ColumnNames.ToList();
        string? suggestion = NearestName(name, known);
        string hint = suggestion is null
            ? "The data has no columns."
            : $"Did you mean '{suggestion}'? Column names are case-sensitive. Columns: {DescribeNames(known)}.";
        int? position = FormulaLocator.FindVariable(formula.Text, name);
        string where = position is null ? "" : $" (formula position {position})";
        throw new LmmException(
            "ColumnNotFound",
            LmmErrorCategory.ObjectNotFound,
            $"The formula uses '{name}'{where}, but the data has no column of that name. {hint}")
        {
            Column = name,
            Position = position,
        };
    }

    /// <summary>A column equal to <paramref name="name"/> ignoring case wins; otherwise the smallest
    /// case-insensitive edit distance (first such column on ties).</summary>
    internal static string? NearestName(string name, IReadOnlyList<string> candidates)
    {
        foreach (var c in candidates)
            if (string.Equals(c, name, StringComparison.OrdinalIgnoreCase))
                return c;
        string? best = null;
        int bestDistance = int.MaxValue;
        string lowered = name.ToLowerInvariant();
        foreach (var c in candidates)
        {
            int d = EditDistance(lowered, c.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1).</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    // A wide data set would flood the message; the first columns are enough to spot a typo.
    private static string DescribeNames(IReadOnlyList<string> names)
    {
        const int shown = 20;
        string list = string.Join(", ", names.Take(shown).Select(n => $"'{n}'"));
        return names.Count > shown ? $"{list}, ... ({names.Count} in all)" : list;
    }
}
