using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;

namespace LmmPS.Conformance;

/// <summary>The <c>weights_info</c> block of a weighted <c>ff_*</c> file (FORMULA_FEATURES.md, "Prior weights"):
/// the weights the design read, sum log w, the Pearson (sqrt(w)(y - fitted)) and response residuals, and the
/// scaling check: all weights doubled leaves objective and beta unchanged and gives theta / sqrt 2, sigma * sqrt 2,
/// both against lme4's refit with 2w and against our own fit (the closed form).</summary>
public static class WeightsChecks
{
    // Residuals move with the optimum like the fitted values: relative to the largest |residual|, the same
    // allowance the estimates get.
    private const double ResidualRelative = Tolerances.Estimate;

    public static IEnumerable<CheckResult> All(string referenceFile, ModelDesign design, FitResult fit)
    {
        string file = Path.GetFileName(referenceFile);
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var info = JsonRead.Property(doc.RootElement, "weights_info");
        if (info is not { ValueKind: JsonValueKind.Object } wi)
            return Array.Empty<CheckResult>();
        var results = new List<CheckResult>();
        var w = design.Weights ?? Array.Empty<double>();

        results.Add(Vector(file, "weights_info.weights", w, JsonRead.Numbers(wi, "weights_first"), _ => 0.0, "exact"));
        var sumLog = new ElementComparer();
        sumLog.Add("sum_log_weights", PriorWeights.SumLog(design.Weights), JsonRead.Number(wi, "sum_log_weights"),
            1e-12 * Math.Abs(JsonRead.Number(wi, "sum_log_weights") ?? 0));
        results.Add(sumLog.ToResult(file, "weights_info.sum_log_weights", "tol 1e-12 rel"));

        var residuals = Residuals.Compute(fit);
        results.Add(Vector(file, "weights_info.pearson_residuals", residuals.Pearson, JsonRead.Numbers(wi, "pearson_residuals_first"),
            scale => ResidualRelative * scale, $"tol {Format.Small(ResidualRelative)} x max|ref|"));
        results.Add(Vector(file, "weights_info.response_residuals", residuals.Response, JsonRead.Numbers(wi, "response_residuals_first"),
            scale => ResidualRelative * scale, $"tol {Format.Small(ResidualRelative)} x max|ref|"));

        if (JsonRead.Property(wi, "scaling_check") is { ValueKind: JsonValueKind.Object } sc)
            results.AddRange(FitChecks.Guarded(file, "weights_info.scaling_check", () => Scaling(file, sc, design, fit)));
        return results;
    }

    private static IEnumerable<CheckResult> Scaling(string file, JsonElement sc, ModelDesign design, FitResult fit)
    {
        var w = design.Weights ?? throw new InvalidDataException("weights_info without weights_column: the design has no weights.");
        var doubled = new ModelDesign(design.Formula, design.Response, design.X, design.FixedEffectNames, design.DroppedFixedEffects,
            design.RandomTerms, design.RowsUsed, design.RowsDropped, design.Schema)
        { Weights = w.Select(v => 2 * v).ToArray(), WeightsColumn = design.WeightsColumn };
        var fit2 = LmmFitter.Fit(doubled, new FitOptions { Method = fit.Method });
        const string check = "weights_info.scaling_check";

        if (JsonRead.Number(sc, "objective") is double objective)
            yield return FitChecks.Criterion(file, check + ".objective", fit2.Objective, objective, minimised: true, Tolerances.Objective, "");
        yield return FitChecks.Criterion(file, check + ".objective_unchanged", fit2.Objective, fit.Objective, minimised: true, Tolerances.Objective, " (ours with w)");

        var theta = new ElementComparer();
        var refTheta = JsonRead.Numbers(sc, "theta") ?? Array.Empty<double?>();
        for (int i = 0; i < fit2.Theta.Count; i++)
        {
            theta.Add($"{fit2.ThetaNames[i]} vs lme4 (2w)", fit2.Theta[i], i < refTheta.Count ? refTheta[i] : null, Tolerances.Theta);
            theta.Add($"{fit2.ThetaNames[i]} x sqrt2 vs ours (w)", fit2.Theta[i] * Math.Sqrt(2.0), fit.Theta[i], Tolerances.Theta);
        }
        yield return theta.ToResult(file, check + ".theta", $"tol {Format.Small(Tolerances.Theta)} abs");

        var sigma = new ElementComparer();
        if (JsonRead.Number(sc, "sigma") is double s2)
            sigma.Add("sigma vs lme4 (2w)", fit2.Sigma, s2, Tolerance.RelativeAllowance(s2, Tolerances.Estimate));
        sigma.Add("sigma / sqrt2 vs ours (w)", fit2.Sigma / Math.Sqrt(2.0), fit.Sigma, Tolerance.RelativeAllowance(fit.Sigma, Tolerances.Estimate));
        yield return sigma.ToResult(file, check + ".sigma", $"tol {Format.Small(Tolerances.Estimate)} rel");

        var beta = new ElementComparer();
        var refBeta = JsonRead.NamedNumbers(sc, "beta") ?? Array.Empty<NamedValue>();
        for (int j = 0; j < fit2.FixedEffects.Count; j++)
        {
            var f = fit2.FixedEffects[j];
            beta.Add($"{f.Name} vs lme4 (2w)", f.Estimate, refBeta.FirstOrDefault(r => r.Name == f.Name)?.Value,
                Tolerance.RelativeAllowance(f.Estimate, Tolerances.Estimate));
            beta.Add($"{f.Name} vs ours (w)", f.Estimate, fit.FixedEffects[j].Estimate, Tolerance.RelativeAllowance(f.Estimate, Tolerances.Estimate));
        }
        yield return beta.ToResult(file, check + ".beta", $"tol {Format.Small(Tolerances.Estimate)} rel");
    }

    private static CheckResult Vector(string file, string check, IReadOnlyList<double> ours, IReadOnlyList<double?>? reference,
        Func<double, double> allowance, string tolText)
    {
        var c = new ElementComparer();
        reference ??= Array.Empty<double?>();
        double scale = reference.Where(r => r is not null).Select(r => Math.Abs(r!.Value)).DefaultIfEmpty(0).Max();
        if (reference.Count == 0)
            c.Missing("no reference values");
        if (reference.Count > ours.Count)
            c.Missing($"{reference.Count} reference values against our {ours.Count}");
        // The *_first arrays hold the first rows of the data: compare those.
        for (int i = 0; i < Math.Min(ours.Count, reference.Count); i++)
            c.Add($"[{i + 1}]", ours[i], reference[i], allowance(scale));
        return c.ToResult(file, check, tolText);
    }
}
