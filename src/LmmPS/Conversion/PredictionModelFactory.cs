using System.Collections;
using System.Globalization;
using System.Management.Automation;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Prediction;

namespace LmmPS.Conversion;

/// <summary>The prediction model of a fit given to -Fit: a live <see cref="LmmFit"/>, or one written with Export-Clixml
/// and read back (a property bag whose DesignSchema, FixedEffects.Estimate and RandomEffects.Mode survive as plain
/// values; the random-effects rows come term by term, level by level, column by column, as LmmFit lists them).</summary>
internal static class PredictionModelFactory
{
    public static PredictionModel From(PSObject fit)
    {
        if (fit.BaseObject is LmmFit live)
            return PredictionModel.FromFit(live.Result);

        string? schemaText = fit.Properties["DesignSchema"]?.Value as string;
        if (schemaText is null)
            throw new LmmException("NotAFit", LmmErrorCategory.InvalidArgument,
                $"-Fit must be a fit from Invoke-LmmFit (or one saved with Export-Clixml and read back); got a {fit.BaseObject?.GetType().Name ?? "null"} without a DesignSchema property.");
        var schema = DesignSchemaText.Read(schemaText);
        var beta = Values(fit, "FixedEffects", "Estimate");
        var modes = Values(fit, "RandomEffects", "Mode");
        var tables = new List<double[]>();
        int at = 0;
        foreach (var term in schema.RandomTerms)
        {
            int size = term.Levels.Count * term.ColumnNames.Count;
            if (at + size > modes.Length)
                break; // PredictionModel reports the mismatch
            tables.Add(modes.Skip(at).Take(size).ToArray());
            at += size;
        }
        return new PredictionModel(schema, beta, tables);
    }

    private static double[] Values(PSObject fit, string rowsProperty, string valueProperty)
    {
        if (fit.Properties[rowsProperty]?.Value is not { } rows)
            throw new LmmException("NotAFit", LmmErrorCategory.InvalidArgument, $"-Fit has no {rowsProperty} property; pass a fit from Invoke-LmmFit.");
        var items = rows is PSObject wrapped ? wrapped.BaseObject : rows;
        var values = new List<double>();
        foreach (var item in items as IEnumerable ?? new[] { items })
        {
            var value = PSObject.AsPSObject(item).Properties[valueProperty]?.Value;
            values.Add(Convert.ToDouble(value is PSObject p ? p.BaseObject : value, CultureInfo.InvariantCulture));
        }
        return values.ToArray();
    }
}
