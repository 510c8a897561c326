using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Prediction;

namespace LmmPS.Conformance;

/// <summary>The extra blocks of an <c>ff_*.json</c> file (FORMULA_FEATURES.md): <c>prediction_check</c> (predict on new
/// rows, half of them with every numeric predictor shifted by 0.5, so poly() and scale() must reuse the training
/// parameters and offsets must be evaluated on the new rows). Allowance: 1e-4 of the largest reference value, the
/// beta check's relative tolerance (lme4 stops at a gradient of about 1e-3, which moves beta and the modes that much).</summary>
public static class FormulaFeatureChecks
{
    private const double Relative = 1e-4;

    /// <summary>The file's <c>contrasts</c> key as the engine's codings: <c>"contr.sum"</c> etc., or
    /// <c>{"type": "contr.treatment", "base": k}</c> with k the 1-based level in the data's level order; null when absent.</summary>
    public static IReadOnlyDictionary<string, ContrastSpec>? Contrasts(string referenceFile, DataFrame data)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        if (JsonRead.Property(doc.RootElement, "contrasts") is not { ValueKind: JsonValueKind.Object } contrasts)
            return null;
        var result = new Dictionary<string, ContrastSpec>(StringComparer.Ordinal);
        foreach (var p in contrasts.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                result[p.Name] = ContrastSpec.Parse(p.Name, p.Value.GetString());
                continue;
            }
            int k = (int)(JsonRead.Number(p.Value, "base") ?? 1);
            data.TryGetColumn(p.Name, out var column);
            result[p.Name] = new ContrastSpec(ContrastKind.Treatment, ((CategoricalColumn)column).Levels[k - 1]);
        }
        return result;
    }

    public static IEnumerable<CheckResult> All(string file, string referenceFile, FitResult fit, DataFrame data)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var root = doc.RootElement;
        var results = new List<CheckResult>();
        if (JsonRead.Property(root, "offset_info") is { ValueKind: JsonValueKind.Object } oi)
        {
            var offset = fit.Design.Offset ?? Array.Empty<double>();
            results.Add(Vector(file, "offset_info.offset_first", offset.Take(JsonRead.Numbers(oi, "offset_first")?.Count ?? 0).ToArray(), JsonRead.Numbers(oi, "offset_first")));
            var fitted = Residuals.Compute(fit).Fitted;
            results.Add(Vector(file, "offset_info.fitted_first", fitted.Take(JsonRead.Numbers(oi, "fitted_first")?.Count ?? 0).ToArray(), JsonRead.Numbers(oi, "fitted_first")));
            var fixedPart = Predictor.Predict(fit, data, Array.Empty<string>(), UnknownLevelPolicy.Error);
            results.Add(Vector(file, "offset_info.predict_fixed_first", fixedPart.Take(JsonRead.Numbers(oi, "predict_fixed_first")?.Count ?? 0).ToArray(), JsonRead.Numbers(oi, "predict_fixed_first")));
        }
        if (JsonRead.Property(root, "contrasts_info") is { ValueKind: JsonValueKind.Object } ci && JsonRead.Number(ci, "objective_difference") is { } difference)
        {
            // The REML criterion with the explicit coding minus that with R's default coding: 2 log|det T| for X = X_default T.
            var defaultFit = LmmFitter.Fit(DesignBuilder.Build(fit.Design.Formula, data), new FitOptions { Method = fit.Method });
            double ours = fit.Objective - defaultFit.Objective;
            double tol = 1e-6 * Math.Max(1, Math.Abs(fit.Objective));
            string detail = $"ours {ours:R} ref {difference:R} |diff| {Math.Abs(ours - difference):G3}; tol {tol:G3} abs";
            results.Add(Math.Abs(ours - difference) <= tol
                ? CheckResult.Pass(file, "contrasts_info.objective_difference", detail)
                : CheckResult.Fail(file, "contrasts_info.objective_difference", detail));
        }
        if (JsonRead.Property(root, "prediction_check") is { ValueKind: JsonValueKind.Object } pc)
        {
            var newData = NewData(JsonRead.Property(pc, "newdata") ?? throw new InvalidDataException("prediction_check.newdata is missing."), fit.Design.Schema!);
            results.Add(Vector(file, "prediction_check.predict_fixed",
                Predictor.Predict(fit, newData, Array.Empty<string>(), UnknownLevelPolicy.ZeroRandomEffect), JsonRead.Numbers(pc, "predict_fixed")));
            results.Add(Vector(file, "prediction_check.predict_conditional",
                Predictor.Predict(fit, newData, null, UnknownLevelPolicy.ZeroRandomEffect), JsonRead.Numbers(pc, "predict_conditional")));
        }
        return results;
    }

    /// <summary>The newdata object (column name -> array) read as the cmdlets read new data: with the fit's column kinds.</summary>
    private static DataFrame NewData(JsonElement newdata, DesignSchema schema)
    {
        var builder = new DataFrameBuilder(new DataReadOptions { ColumnKinds = schema.ColumnKinds() });
        var columns = newdata.EnumerateObject().Select(p => (p.Name, Values: p.Value.EnumerateArray().ToArray())).ToArray();
        int n = columns[0].Values.Length;
        for (int i = 0; i < n; i++)
            builder.AddRow(columns.Select(c => new KeyValuePair<string, object?>(c.Name,
                c.Values[i].ValueKind == JsonValueKind.Number ? c.Values[i].GetDouble() : c.Values[i].ValueKind == JsonValueKind.String ? c.Values[i].GetString() : null)));
        return builder.Build();
    }

    internal static CheckResult Vector(string file, string check, IReadOnlyList<double> ours, IReadOnlyList<double?>? reference)
    {
        reference ??= Array.Empty<double?>();
        double tol = Relative * Math.Max(1e-300, reference.Where(r => r is not null).Select(r => Math.Abs(r!.Value)).DefaultIfEmpty(0).Max());
        var c = new ElementComparer();
        if (reference.Count != ours.Count)
            c.Missing($"{reference.Count} reference values against our {ours.Count}");
        for (int i = 0; i < Math.Min(ours.Count, reference.Count); i++)
            c.Add($"[{i + 1}]", ours[i], reference[i], tol);
        return c.ToResult(file, check, $"tol {Format.Small(tol)} abs (1e-4 of the largest |value|)");
    }
}
