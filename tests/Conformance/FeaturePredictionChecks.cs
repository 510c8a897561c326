using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Prediction;

namespace LmmPS.Conformance;

/// <summary>The <c>prediction_check</c> block of an <c>ff_*</c> file (FORMULA_FEATURES.md): a few data rows, then the
/// same rows with the numeric predictors + 0.5, given inline as columns; <c>predict_fixed</c> = predict(fit, newdata,
/// re.form = NA) and <c>predict_conditional</c> = predict(fit, newdata). Our predictions come from our optimum, so the
/// allowance is the estimates' (relative to the largest |prediction|).</summary>
public static class FeaturePredictionChecks
{
    public static IEnumerable<CheckResult> All(string referenceFile, FitResult fit)
    {
        string file = Path.GetFileName(referenceFile);
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        if (JsonRead.Property(doc.RootElement, "prediction_check") is not { ValueKind: JsonValueKind.Object } pc)
            return Array.Empty<CheckResult>();
        var newData = InlineData(JsonRead.Property(pc, "newdata") ?? throw new InvalidDataException("prediction_check has no newdata."));
        return new[]
        {
            Vector(file, "prediction_check.predict_fixed",
                Predictor.Predict(fit, newData, Array.Empty<string>(), UnknownLevelPolicy.ZeroRandomEffect), JsonRead.Numbers(pc, "predict_fixed")),
            Vector(file, "prediction_check.predict_conditional",
                Predictor.Predict(fit, newData, null, UnknownLevelPolicy.ZeroRandomEffect), JsonRead.Numbers(pc, "predict_conditional")),
        };
    }

    /// <summary>Columns given as JSON arrays: numbers make a numeric column, strings a categorical one (levels in order of
    /// appearance; the fit's schema maps them by label).</summary>
    private static DataFrame InlineData(JsonElement newdata)
    {
        var columns = new List<Column>();
        foreach (var property in newdata.EnumerateObject())
        {
            var values = property.Value.EnumerateArray().ToList();
            if (values.All(v => v.ValueKind is JsonValueKind.Number or JsonValueKind.Null))
            {
                columns.Add(new NumericColumn(property.Name, values.Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray()));
                continue;
            }
            var levels = new List<string>();
            var codes = new int[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                string label = values[i].ValueKind == JsonValueKind.String ? values[i].GetString()! : values[i].GetRawText();
                int code = levels.IndexOf(label);
                if (code < 0)
                {
                    code = levels.Count;
                    levels.Add(label);
                }
                codes[i] = code;
            }
            columns.Add(new CategoricalColumn(property.Name, codes, levels));
        }
        return new DataFrame(columns);
    }

    private static CheckResult Vector(string file, string check, IReadOnlyList<double> ours, IReadOnlyList<double?>? reference)
    {
        var c = new ElementComparer();
        reference ??= Array.Empty<double?>();
        double scale = reference.Where(r => r is not null).Select(r => Math.Abs(r!.Value)).DefaultIfEmpty(0).Max();
        double allowance = Tolerances.Estimate * scale;
        if (reference.Count != ours.Count)
            c.Missing($"{reference.Count} reference values against our {ours.Count}");
        for (int i = 0; i < Math.Min(ours.Count, reference.Count); i++)
            c.Add($"[{i + 1}]", ours[i], reference[i], allowance);
        return c.ToResult(file, check, $"tol {Format.Small(Tolerances.Estimate)} x max|ref|");
    }
}
