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

    /// <summary>A number-array property; an element that is not a number reads as NaN.</summary>
    public static double[] Numbers(PSObject item, string name) => Numbers(Items(item, name));

    /// <summary>The numbers of one array element of an array property (a row of a matrix kept as rows); none when
    /// the element is not a list.</summary>
    public static double[] Elements(PSObject list) =>
        list.BaseObject is IEnumerable items and not string
            ? Numbers(items.Cast<object?>().Where(o => o is not null).Select(PSObject.AsPSObject))
            : Array.Empty<double>();

    private static double[] Numbers(IEnumerable<PSObject> values) =>
        values.Select(v => v.BaseObject is IConvertible c ? Convert.ToDouble(c, CultureInfo.InvariantCulture) : double.NaN).ToArray();

    /// <summary>A string-array property (a single string reads as one element).</summary>
    public static string[] Texts(PSObject item, string name) =>
        Items(item, name).Select(o => Convert.ToString(o.BaseObject, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
}
