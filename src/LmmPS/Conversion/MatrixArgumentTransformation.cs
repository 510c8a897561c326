using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace LmmPS.Conversion;

/// <summary>
/// Lets a <c>[double[,]]</c> parameter take what PowerShell users write: a jagged array
/// <c>@(@(100, 0), @(0, 6.25))</c> (rows of numbers), as well as a real <c>[double[,]]</c>. PowerShell cannot
/// convert an object[] of object[] to a rectangular array by itself. Rows of unequal length are an error naming the
/// row; anything else passes through unchanged, so the binder's own conversion error applies.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class MatrixArgumentTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is double[,] || value is not IList rows || rows.Count == 0 || !rows.Cast<object?>().All(IsRow))
            return inputData;
        var matrix = new double[rows.Count, RowOf(rows[0]).Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = RowOf(rows[i]);
            if (row.Count != matrix.GetLength(1))
            {
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "Row {0} of the matrix has {1} element(s) but row 1 has {2}; give every row the same length, e.g. @(@(100, 0), @(0, 6.25)).",
                    i + 1, row.Count, matrix.GetLength(1)));
            }
            for (int j = 0; j < row.Count; j++)
                matrix[i, j] = ToDouble(row[j], i, j);
        }
        return matrix;
    }

    private static bool IsRow(object? item) => (item is PSObject p ? p.BaseObject : item) is IList;

    private static IList RowOf(object? item) => (IList)(item is PSObject p ? p.BaseObject : item)!;

    private static double ToDouble(object? element, int row, int column)
    {
        var value = element is PSObject p ? p.BaseObject : element;
        try
        {
            // Numbers as PowerShell writes them (int, double, decimal) or invariant-culture text, as the binder reads them.
            return Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "Element [{0}][{1}] of the matrix ('{2}') is not a number.", row, column, value), ex);
        }
    }
}
