using System.Text.Json;

namespace LmmPS.Conformance;

/// <summary>Tolerant readers for the reference JSON: a missing property is null, JSON null is a null number
/// (R's NA), and a wrongly typed field is an <see cref="InvalidDataException"/> naming the field.</summary>
internal static class JsonRead
{
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Undefined
            ? value
            : null;

    public static bool Has(JsonElement obj, string name) =>
        Property(obj, name) is { } v && v.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static string RequiredString(JsonElement obj, string name, string context) =>
        String(obj, name) ?? throw new InvalidDataException($"{context}: required string field '{name}' is missing.");

    public static double? Number(JsonElement obj, string name) =>
        Property(obj, name) is { } v ? ValueOf(v, name) : null;

    public static double? ValueOf(JsonElement value, string context) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        // The generators write NA/NaN/Inf as null, but accept the strings too rather than crash on them.
        JsonValueKind.String when value.GetString() is "NaN" or "NA" => double.NaN,
        JsonValueKind.String when value.GetString() is "Inf" => double.PositiveInfinity,
        JsonValueKind.String when value.GetString() is "-Inf" => double.NegativeInfinity,
        _ => throw new InvalidDataException($"'{context}' should be a number or null, found {value.ValueKind}."),
    };

    public static IReadOnlyList<double?>? Numbers(JsonElement obj, string name) =>
        Property(obj, name) is { } v ? NumberArray(v, name) : null;

    public static IReadOnlyList<double?>? NumberArray(JsonElement value, string context)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        // R's jsonlite writes a length-one vector as a scalar when auto_unbox is on.
        if (value.ValueKind == JsonValueKind.Number)
            return new double?[] { value.GetDouble() };
        if (value.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{context}' should be an array of numbers, found {value.ValueKind}.");
        return value.EnumerateArray().Select(e => ValueOf(e, context)).ToList();
    }

    public static IReadOnlyList<IReadOnlyList<double?>>? Matrix(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } v || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{name}' should be an array of arrays, found {v.ValueKind}.");
        return v.EnumerateArray().Select(row => NumberArray(row, name) ?? Array.Empty<double?>()).ToList();
    }

    public static IReadOnlyList<string> Strings(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } v || v.ValueKind == JsonValueKind.Null)
            return Array.Empty<string>();
        if (v.ValueKind == JsonValueKind.String)
            return new[] { v.GetString() ?? "" };
        if (v.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{name}' should be an array of strings, found {v.ValueKind}.");
        return v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.ToString()).ToList();
    }

    /// <summary>A name-to-number map such as <c>theta</c> or <c>beta</c>, in file order. An empty array
    /// (<c>[]</c>, how R writes an empty named vector, e.g. beta with no fixed effects) is an empty map.</summary>
    public static IReadOnlyList<NamedValue>? NamedNumbers(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } v || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0)
            return Array.Empty<NamedValue>();
        if (v.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{name}' should be an object of name: number, found {v.ValueKind}.");
        return v.EnumerateObject().Select(p => new NamedValue(p.Name, ValueOf(p.Value, $"{name}.{p.Name}"))).ToList();
    }

    /// <summary>An object of column name to numbers, as in <c>ranef[].mode</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double?>>? NumberColumns(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } v || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{name}' should be an object of column: numbers, found {v.ValueKind}.");
        var columns = new Dictionary<string, IReadOnlyList<double?>>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
            columns[p.Name] = NumberArray(p.Value, $"{name}.{p.Name}") ?? Array.Empty<double?>();
        return columns;
    }

    public static IEnumerable<JsonElement> Objects(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.Array } v
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : Enumerable.Empty<JsonElement>();
}
