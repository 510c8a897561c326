using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Core.Prediction;

namespace LmmPS.Conformance;

/// <summary>Checks a <c>predict_*.json</c> file (PREDICT_FORMAT.md): fits the model, then compares every key the
/// format defines: fitted values, the three residual kinds, hat values, the scaled-residual quantiles (unrounded,
/// rounded, printed), vcov and its correlation, and the conditional, population and partial predictions on the
/// new data with the new-level flags. Allowances are ten times the file's convergence_check differences (lme4
/// stops at a gradient of about 1e-3; a tight optimum moves these quantities by that much), with a small floor.</summary>
public static class PredictChecks
{
    private const double Slack = 10.0;

    public static IEnumerable<CheckResult> All(string directory, string referenceFile, Func<string, DataFrame> load)
    {
        string file = Path.GetFileName(referenceFile);
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var root = doc.RootElement;
        var cc = JsonRead.Property(root, "convergence_check") ?? throw new InvalidDataException("convergence_check is missing.");
        double Diff(string key, double floor) => Math.Max(floor, Slack * (JsonRead.Number(cc, key) ?? 0));

        var method = JsonRead.RequiredString(root, "method", file) == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var data = load(JsonRead.RequiredString(root, "data_file", file));
        var design = DesignBuilder.Build(FormulaParser.Parse(JsonRead.RequiredString(root, "formula", file)), data);
        var results = new List<CheckResult>();

        var rowsUsed = JsonRead.Numbers(root, "rows_used") ?? Array.Empty<double?>();
        bool sameRows = rowsUsed.Count == design.RowCount && rowsUsed.Select((r, i) => r == design.RowsUsed[i] + 1).All(b => b);
        results.Add(sameRows
            ? CheckResult.Pass(file, "rows_used", $"{design.RowCount} rows, same numbers")
            : CheckResult.Fail(file, "rows_used", $"ours {design.RowCount} rows, ref {rowsUsed.Count}"));

        var fit = LmmFitter.Fit(design, new FitOptions { Method = method });
        var residuals = Residuals.Compute(fit);
        double sdFitted = JsonRead.Number(cc, "sd_fitted") ?? 1.0;
        double fittedTol = Diff("max_abs_diff_fitted", 1e-9 * sdFitted);
        results.Add(Vector(file, "fitted", residuals.Fitted, JsonRead.Numbers(root, "fitted"), fittedTol));
        var res = JsonRead.Property(root, "residuals") ?? throw new InvalidDataException("residuals is missing.");
        results.Add(Vector(file, "residuals.response", residuals.Response, JsonRead.Numbers(res, "response"), fittedTol));
        results.Add(Vector(file, "residuals.pearson", residuals.Pearson, JsonRead.Numbers(res, "pearson"), fittedTol));
        double scaledTol = Diff("max_abs_diff_scaled_residuals", 1e-9);
        results.Add(Vector(file, "residuals.scaled", residuals.Scaled, JsonRead.Numbers(res, "scaled"), scaledTol));
        // InstEval's convergence_check has no hat-value difference (lme4's hatvalues takes minutes there): hat values
        // move with theta, by about a tenth of theta's change in the files that have both, so theta's change is a
        // safe scale then.
        double hatTol = JsonRead.Number(cc, "max_abs_diff_hatvalues") is null ? Diff("max_abs_diff_theta", 1e-6) : Diff("max_abs_diff_hatvalues", 1e-6);
        results.Add(FitChecks.Guard(file, "hatvalues", () =>
            Vector(file, "hatvalues", Leverage.Compute(fit), JsonRead.Numbers(root, "hatvalues"), hatTol)));

        results.AddRange(Quantiles(file, root, residuals.Scaled, scaledTol));
        results.AddRange(Covariance(file, root, fit, Diff("max_rel_diff_vcov_beta", 1e-9)));
        results.AddRange(FitChecks.Guarded(file, "newdata", () => NewData(file, directory, root, fit, load,
            Diff("max_abs_diff_predict_conditional", 1e-9 * sdFitted), Diff("max_abs_diff_predict_population", 1e-9 * sdFitted),
            Diff("max_abs_diff_predict_partial", 1e-9 * sdFitted))));
        return results;
    }

    private static IEnumerable<CheckResult> Quantiles(string file, JsonElement root, double[] scaled, double tol)
    {
        var q = ResidualQuantiles.Quantiles(scaled);
        var names = ResidualQuantiles.Names;
        var unrounded = JsonRead.NamedNumbers(root, "scaled_residual_quantiles_unrounded") ?? Array.Empty<NamedValue>();
        yield return Absolute(file, "scaled_residual_quantiles_unrounded", names, q, unrounded, tol);
        // Rounded (zapsmall) and printed values: ours may sit on the other side of a rounding boundary by as much
        // as the optimum moves, so allow that plus half a unit of the last place shown.
        var zapped = ResidualQuantiles.ZapSmall(q);
        var rounded = JsonRead.NamedNumbers(root, "scaled_residual_quantiles") ?? Array.Empty<NamedValue>();
        yield return Absolute(file, "scaled_residual_quantiles", names, zapped, rounded, tol + 0.5e-5);
        var printed = ResidualQuantiles.Printed(zapped);
        var refPrinted = JsonRead.Property(root, "scaled_residual_quantiles_printed") is { ValueKind: JsonValueKind.Object } pp
            ? names.Select(n => JsonRead.String(pp, n) ?? "").ToArray() : Array.Empty<string>();
        int Decimals(string s) => s.IndexOf('.') < 0 ? 0 : s.Length - s.IndexOf('.') - 1;
        bool sameShape = refPrinted.Length == 5 && printed.Zip(refPrinted, (a, b) => Decimals(a) == Decimals(b)).All(x => x);
        double unit = refPrinted.Length == 5 ? Math.Pow(10, -Decimals(refPrinted[0])) : 1;
        bool close = sameShape && printed.Zip(refPrinted, (a, b) => Math.Abs(double.Parse(a, System.Globalization.CultureInfo.InvariantCulture) -
            double.Parse(b, System.Globalization.CultureInfo.InvariantCulture)) <= tol + unit * 0.5 + 1e-12).All(x => x);
        string detail = $"ours [{string.Join(" ", printed)}] ref [{string.Join(" ", refPrinted)}]" +
            (printed.SequenceEqual(refPrinted) ? " identical" : $"; same decimals, within {Format.Small(tol)} + half a unit");
        yield return close ? CheckResult.Pass(file, "scaled_residual_quantiles_printed", detail) : CheckResult.Fail(file, "scaled_residual_quantiles_printed", detail);
    }

    private static IEnumerable<CheckResult> Covariance(string file, JsonElement root, FitResult fit, double relTol)
    {
        var v = fit.FixedEffectsCovariance;
        var r = FixedEffectsCorrelation.FromCovariance(v);
        int p = v.GetLength(0);
        var refV = JsonRead.Matrix(root, "vcov_beta") ?? Array.Empty<IReadOnlyList<double?>>();
        var refR = JsonRead.Matrix(root, "cor_beta") ?? Array.Empty<IReadOnlyList<double?>>();
        var cv = new ElementComparer();
        var cr = new ElementComparer();
        if (refV.Count != p) cv.Missing($"{refV.Count} x {refV.Count} reference against our {p} x {p}");
        if (refR.Count != p) cr.Missing($"{refR.Count} x {refR.Count} reference against our {p} x {p}");
        for (int i = 0; i < Math.Min(p, refV.Count); i++)
            for (int j = 0; j < p; j++)
                cv.Add($"[{i},{j}]", v[i, j], refV[i][j], relTol * Math.Sqrt(v[i, i] * v[j, j]));
        for (int i = 0; i < Math.Min(p, refR.Count); i++)
            for (int j = 0; j < p; j++)
                cr.Add($"[{i},{j}]", r[i, j], refR[i][j], relTol);
        yield return cv.ToResult(file, "vcov_beta", $"tol {Format.Small(relTol)} x sqrt(V_ii V_jj)");
        yield return cr.ToResult(file, "cor_beta", $"tol {Format.Small(relTol)} abs");
        bool printedRef = JsonRead.Property(root, "correlation_printed_by_summary") is { ValueKind: JsonValueKind.True };
        bool ours = FixedEffectsCorrelation.PrintedBySummary(p);
        yield return ours == printedRef
            ? CheckResult.Pass(file, "correlation_printed_by_summary", $"{ours} (p = {p})")
            : CheckResult.Fail(file, "correlation_printed_by_summary", $"ours {ours} ref {printedRef} (p = {p})");
    }

    private static IEnumerable<CheckResult> NewData(string file, string directory, JsonElement root, FitResult fit, Func<string, DataFrame> load,
        double conditionalTol, double populationTol, double partialTol)
    {
        var newData = load(JsonRead.RequiredString(root, "newdata_file", file));
        var schema = fit.Design.Schema!;
        var results = new List<CheckResult>();
        results.Add(Vector(file, "predict_conditional", Predictor.Predict(fit, newData, null, UnknownLevelPolicy.ZeroRandomEffect),
            JsonRead.Numbers(root, "predict_conditional"), conditionalTol));
        results.Add(Vector(file, "predict_population", Predictor.Predict(fit, newData, Array.Empty<string>(), UnknownLevelPolicy.ZeroRandomEffect),
            JsonRead.Numbers(root, "predict_population"), populationTol));
        if (JsonRead.String(root, "predict_partial_reform") is { } reform)
        {
            // re.form = ~(first term as written): its grouping factor, named as the fit names it.
            var firstWritten = FormulaParser.Parse("y " + reform).RandomTerms[0].GroupLabel;
            results.Add(Vector(file, $"predict_partial ({reform})", Predictor.Predict(fit, newData, new[] { firstWritten }, UnknownLevelPolicy.ZeroRandomEffect),
                JsonRead.Numbers(root, "predict_partial"), partialTol));
        }

        var rows = NewRowsBuilder.Build(schema, newData, UnknownLevelPolicy.ZeroRandomEffect);
        var known = JsonRead.Property(root, "newdata_level_known");
        bool anyUnknown = false;
        foreach (var term in rows.Terms)
        {
            var expected = known is { } k && JsonRead.Property(k, term.Group) is { ValueKind: JsonValueKind.Array } arr
                ? arr.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.True).ToArray() : null;
            var ours = new bool[newData.RowCount];
            for (int i = 0; i < rows.RowCount; i++) ours[rows.Rows[i]] = term.LevelIndex[i] >= 0;
            anyUnknown |= ours.Any(b => !b);
            results.Add(expected is null
                ? CheckResult.Fail(file, $"newdata_level_known/{term.Group}", "no reference flags for this grouping factor")
                : expected.SequenceEqual(ours)
                    ? CheckResult.Pass(file, $"newdata_level_known/{term.Group}", $"{ours.Count(b => !b)} new of {ours.Length}, same rows")
                    : CheckResult.Fail(file, $"newdata_level_known/{term.Group}", $"ours [{string.Join(",", ours.Select(b => b ? 1 : 0))}] ref [{string.Join(",", expected.Select(b => b ? 1 : 0))}]"));
        }
        if (anyUnknown)
        {
            try
            {
                NewRowsBuilder.Build(schema, newData, UnknownLevelPolicy.Error);
                results.Add(CheckResult.Fail(file, "newdata_policy_error", "the Error policy accepted a new level"));
            }
            catch (LmmPS.Core.Common.LmmException e) when (e.ErrorId == "NewGroupingLevel")
            {
                results.Add(CheckResult.Pass(file, "newdata_policy_error", $"refused: row {e.Row}, column {e.Column}"));
            }
        }
        return results;
    }

    private static CheckResult Vector(string file, string check, IReadOnlyList<double> ours, IReadOnlyList<double?>? reference, double tol)
    {
        var c = new ElementComparer();
        reference ??= Array.Empty<double?>();
        if (reference.Count != ours.Count)
            c.Missing($"{reference.Count} reference values against our {ours.Count}");
        for (int i = 0; i < Math.Min(ours.Count, reference.Count); i++)
            c.Add($"[{i + 1}]", ours[i], reference[i], tol);
        return c.ToResult(file, check, $"tol {Format.Small(tol)} abs (10 x convergence_check)");
    }

    private static CheckResult Absolute(string file, string check, IReadOnlyList<string> names, double[] ours, IReadOnlyList<NamedValue> reference, double tol)
    {
        var c = new ElementComparer();
        for (int i = 0; i < names.Count; i++)
        {
            var r = reference.FirstOrDefault(x => x.Name == names[i]);
            if (r is null) c.Missing(names[i]);
            else c.Add(names[i], ours[i], r.Value, tol);
        }
        return c.ToResult(file, check, $"tol {Format.Small(tol)} abs");
    }
}
