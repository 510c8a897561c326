using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Conversion;

/// <summary>Turns the data parameters (-Categorical, -Ordered, -Delimiter) into the engine's read options, and
/// checks that the columns they name exist once the data is read.</summary>
public static class ReadOptionsFactory
{
    public static DataReadOptions Create(IReadOnlyCollection<string>? categorical, IReadOnlyCollection<string>? ordered, char? delimiter) =>
        Create(categorical, ordered, null, delimiter, '.', null);

    /// <summary>All the data parameters: <paramref name="numeric"/> (-Numeric) forces numbers,
    /// <paramref name="decimalSeparator"/> comes from -Culture / -UseCulture, <paramref name="encoding"/> from -Encoding.</summary>
    public static DataReadOptions Create(IReadOnlyCollection<string>? categorical, IReadOnlyCollection<string>? ordered,
        IReadOnlyCollection<string>? numeric, char? delimiter, char decimalSeparator, System.Text.Encoding? encoding)
    {
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (var name in categorical ?? Array.Empty<string>())
            kinds[name] = ColumnKind.Categorical;
        foreach (var name in ordered ?? Array.Empty<string>())
        {
            if (kinds.ContainsKey(name))
            {
                throw new LmmException("ConflictingColumnKind", LmmErrorCategory.InvalidArgument,
                    $"Column '{name}' is named in both -Categorical and -Ordered. Name it in -Ordered only for an ordered factor " +
                    "(polynomial contrasts), in -Categorical only for an unordered one.")
                {
                    Column = name,
                };
            }
            kinds[name] = ColumnKind.OrderedCategorical;
        }
        foreach (var name in numeric ?? Array.Empty<string>())
        {
            if (kinds.TryGetValue(name, out var other))
            {
                throw new LmmException("ConflictingColumnKind", LmmErrorCategory.InvalidArgument,
                    $"Column '{name}' is named in both -Numeric and {(other == ColumnKind.OrderedCategorical ? "-Ordered" : "-Categorical")}; name it in one.")
                {
                    Column = name,
                };
            }
            kinds[name] = ColumnKind.Numeric;
        }

        char separator = delimiter ?? ',';
        if (separator == '"' || separator == '\r' || separator == '\n')
        {
            throw new LmmException("InvalidDelimiter", LmmErrorCategory.InvalidArgument,
                $"-Delimiter cannot be {Describe(separator)}: it would clash with CSV quoting or line ends. Use e.g. ',', ';' or \"`t\".");
        }
        if (separator == decimalSeparator)
        {
            throw new LmmException("InvalidDelimiter", LmmErrorCategory.InvalidArgument,
                $"The delimiter '{separator}' is also the culture's decimal separator; give another -Delimiter (e.g. ';').");
        }
        return new DataReadOptions { ColumnKinds = kinds, Delimiter = separator, DecimalSeparator = decimalSeparator, Encoding = encoding };
    }

    /// <summary>Every column named in -Categorical or -Ordered must exist; a typo would otherwise be ignored silently.</summary>
    public static void EnsureColumnsExist(DataFrame data, DataReadOptions options, string source)
    {
        foreach (var pair in options.ColumnKinds)
        {
            if (data.TryGetColumn(pair.Key, out _))
                continue;
            string parameter = pair.Value switch
            {
                ColumnKind.OrderedCategorical => "-Ordered",
                ColumnKind.Numeric => "-Numeric",
                _ => "-Categorical",
            };
            throw new LmmException("ColumnNotFound", LmmErrorCategory.ObjectNotFound,
                $"{parameter} names column '{pair.Key}', which {source} does not have. Columns: {string.Join(", ", data.ColumnNames)}.")
            {
                Column = pair.Key,
            };
        }
    }

    private static string Describe(char c) => c switch
    {
        '"' => "the double quote",
        '\r' => "a carriage return",
        _ => "a line feed",
    };
}
