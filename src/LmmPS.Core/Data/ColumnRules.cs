using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>How one column is to be typed, resolved from <see cref="DataReadOptions"/>.</summary>
internal sealed class ColumnRule
{
    public ColumnRule(ColumnKind kind, IReadOnlyList<string>? levelOrder, System.Globalization.NumberFormatInfo? numbers = null)
    {
        Kind = kind;
        LevelOrder = levelOrder;
        Numbers = numbers ?? System.Globalization.NumberFormatInfo.InvariantInfo;
    }

    /// <summary>How numbers in text fields are written (the decimal separator of -Culture).</summary>
    public System.Globalization.NumberFormatInfo Numbers { get; }

    /// <summary>Never <see cref="ColumnKind.Auto"/> when a level order is given (a level order implies a factor).</summary>
    public ColumnKind Kind { get; }

    public IReadOnlyList<string>? LevelOrder { get; }

    public bool IsForcedCategorical => Kind is ColumnKind.Categorical or ColumnKind.OrderedCategorical;
}

/// <summary>The typing options shared by the CSV reader and the row builder, checked against the actual columns.</summary>
internal sealed class ColumnRules
{
    private readonly DataReadOptions _options;
    private readonly string[] _missingTokens;

    public ColumnRules(DataReadOptions? options)
    {
        _options = options ?? new DataReadOptions();
        _missingTokens = (_options.MissingTokens ?? Array.Empty<string>()).Where(t => t is not null).ToArray();
        _numbers = NumberText.WithDecimalSeparator(_options.DecimalSeparator);
    }

    private readonly System.Globalization.NumberFormatInfo _numbers;

    public DataReadOptions Options => _options;

    /// <summary>Empty or whitespace-only fields and the missing tokens are missing (R also treats blank numeric fields as NA).</summary>
    public bool IsMissing(string text)
    {
        if (text.Length == 0) return true;
        foreach (var token in _missingTokens)
            if (string.Equals(text, token, StringComparison.Ordinal)) return true;
        return string.IsNullOrWhiteSpace(text);
    }

    /// <summary>Checks that every column the options name exists and the options agree, then gives one rule per column.</summary>
    public ColumnRule[] Resolve(IReadOnlyList<string> columnNames, string? source)
    {
        var known = new HashSet<string>(columnNames, StringComparer.Ordinal);
        var kinds = _options.ColumnKinds ?? new Dictionary<string, ColumnKind>();
        var orders = _options.LevelOrders ?? new Dictionary<string, IReadOnlyList<string>>();
        foreach (var name in kinds.Keys.Concat(orders.Keys))
        {
            if (!known.Contains(name))
                throw DataErrors.Create("ColumnNotFound", LmmErrorCategory.ObjectNotFound,
                    $"A column type or level order is given for column '{name}', but the data{DataErrors.InSource(source)} has no such column " +
                    $"(columns: {string.Join(", ", columnNames)}). Column names are case-sensitive; fix the name in the option.",
                    column: name, path: source);
        }

        var rules = new ColumnRule[columnNames.Count];
        for (int c = 0; c < columnNames.Count; c++)
        {
            var name = columnNames[c];
            var kind = kinds.TryGetValue(name, out var k) ? k : ColumnKind.Auto;
            orders.TryGetValue(name, out var order);
            if (order is not null)
            {
                if (kind == ColumnKind.Numeric)
                    throw DataErrors.Create("ConflictingColumnOptions", LmmErrorCategory.InvalidArgument,
                        $"Column '{name}' is declared Numeric but also given a level order; a level order only applies to a categorical column. Remove one of the two.",
                        column: name, path: source);
                CheckLevelOrder(name, order, source);
                if (kind == ColumnKind.Auto) kind = ColumnKind.Categorical;
            }
            rules[c] = new ColumnRule(kind, order, _numbers);
        }
        return rules;
    }

    private static void CheckLevelOrder(string column, IReadOnlyList<string> order, string? source)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++)
        {
            var level = order[i];
            if (level is null)
                throw DataErrors.Create("InvalidLevelOrder", LmmErrorCategory.InvalidArgument,
                    $"The level order for column '{column}' has a null entry at position {i + 1}. List each level as a non-null string.",
                    column: column, path: source);
            if (seen.TryGetValue(level, out var first))
                throw DataErrors.Create("DuplicateLevel", LmmErrorCategory.InvalidArgument,
                    $"The level order for column '{column}' lists level {DataErrors.Show(level)} twice (positions {first + 1} and {i + 1}). List each level once.",
                    column: column, path: source);
            seen.Add(level, i);
        }
    }
}
