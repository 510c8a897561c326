using System.Collections;
using System.Globalization;
using LmmPS.Core.Common;

namespace LmmPS.Conversion;

/// <summary>
/// Turns one property value of a pipeline object into what <see cref="Core.Data.DataFrameBuilder"/> accepts:
/// null, a string, a bool or a double. Numbers of any CLR type become doubles; dates, GUIDs, enums and chars become
/// invariant-culture text (so they act as factor levels). Collections and other objects are refused with the column
/// and row named, because silently calling ToString() on them would invent factor levels like
/// "System.Object[]".
/// </summary>
public static class RowValueNormalizer
{
    public static object? Normalize(object? value, string column, long row)
    {
        switch (value)
        {
            case null:
            case DBNull:
                return null;
            case string s:
                return s;
            case bool b:
                return b;
            case char c:
                return c.ToString();
            case double d:
                return d;
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case Enum e:
                return e.ToString();
            case DateTime dt:
                return dt.ToString("o", CultureInfo.InvariantCulture);
            case DateTimeOffset dto:
                return dto.ToString("o", CultureInfo.InvariantCulture);
            case TimeSpan ts:
                return ts.ToString("c", CultureInfo.InvariantCulture);
            case Guid g:
                return g.ToString();
            case IEnumerable:
                throw Unsupported(value, column, row, "holds a collection");
            default:
                throw Unsupported(value, column, row, "holds an object");
        }
    }

    private static LmmException Unsupported(object value, string column, long row, string what) =>
        new("UnsupportedValueType", LmmErrorCategory.InvalidData,
            $"Column '{column}', row {row}: the value {what} of type {value.GetType().FullName}; each property of a " +
            "pipeline row must hold a single number or text value. Select or compute a scalar property first " +
            "(Select-Object with a calculated property).")
        {
            Column = column,
            Row = row,
        };
}
