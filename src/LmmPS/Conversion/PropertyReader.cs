using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace LmmPS.Conversion;

/// <summary>Reads the properties of a live or deserialized LmmPS object by name (a deserialized object is a property
/// bag: numbers and strings come back as themselves, arrays as lists of PSObjects).</summary>
internal static class PropertyReader
{
    public static object? Value(PSObject item, string name)
    {
        var value = item.Properties[name]?.Value;
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    }

    public static string? Text(PSObject item, string name) =>
        Value(item, name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static string TextOrEmpty(PSObject item, string name) => Text(item, name) ?? string.Empty;

    public static double? NullableNumber(PSObject item, string name) =>
        Value(item, name) is IConvertible value ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;

    public static double Number(PSObject item, string name) => NullableNumber(item, name) ?? double.NaN;

    /// <summary>The elements of an array property, each as a PSObject; none for a missing or scalar property.</summary>
    public static IReadOnlyList<PSObject> Items(PSObject item, string name)
    {
        var value = Value(item, name);
        if (value is null or string || value is not IEnumerable items)
            return value is string one ? new[] { new PSObject(one) } : Array.Empty<PSObject>();
        return items.Cast<object?>().Where(o => o is not null).Select(o => o as PSObject ?? new PSObject(o)).ToArray();
    }

    /// <summary>A string-array property (a single string reads as one element).</summary>
    public static string[] Texts(PSObject item, string name) =>
        Items(item, name).Select(o => Convert.ToString(o.BaseObject, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
}
