using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>Column names must be non-blank and unique (case-sensitive, as formulas refer to them).</summary>
internal static class ColumnNameCheck
{
    /// <summary>Throws EmptyColumnName or DuplicateColumnName; <paramref name="where"/> says how the names were
    /// given, for messages, e.g. "the header (line 1)".</summary>
    public static void Check(IReadOnlyList<string> names, string where, string? source)
    {
        var firstPosition = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name))
                throw DataErrors.Create("EmptyColumnName", LmmErrorCategory.InvalidData,
                    $"Column {i + 1} in {where}{DataErrors.InSource(source)} has an empty name. Give every column a name.",
                    path: source);
            if (firstPosition.TryGetValue(name, out var first))
                throw DataErrors.Create("DuplicateColumnName", LmmErrorCategory.InvalidData,
                    $"Column name '{name}' appears twice in {where}{DataErrors.InSource(source)}: columns {first + 1} and {i + 1}. Rename one of them.",
                    column: name, path: source);
            firstPosition.Add(name, i);
        }
    }
}
