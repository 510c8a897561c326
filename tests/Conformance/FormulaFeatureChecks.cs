using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
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

    public static IEnumerable<CheckResult> All(string file, string referenceFile, FitResult fit)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var root = doc.RootElement;
        var results = new List<CheckResult>();
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
