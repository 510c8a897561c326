using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;

namespace LmmPS.Conformance;

/// <summary>Checks a <c>compare_*.json</c> file (PREDICT_FORMAT.md): fits each model as lme4 did, compares it
/// through <see cref="ModelComparer"/> (ML refit of REML fits when the file says lme4 refitted), and checks every
/// column of the anova table. lme4's refitML stops at its optimizer's tolerance, so log-likelihoods are compared at
/// 1e-7 relative, and a higher one (a better ML optimum) passes.</summary>
public static class CompareChecks
{
    private const double LogLikTol = 1e-7;

    public static IEnumerable<CheckResult> All(string referenceFile, Func<string, DataFrame> load)
    {
        string file = Path.GetFileName(referenceFile);
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var root = doc.RootElement;
        var data = load(JsonRead.RequiredString(root, "data_file", file));
        var results = new List<CheckResult>();
        var fits = new List<(string, FitResult)>();
        foreach (var m in JsonRead.Objects(root, "models"))
        {
            string name = JsonRead.RequiredString(m, "name", file);
            var method = JsonRead.RequiredString(m, "method", file) == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
            var fit = LmmFitter.Fit(DesignBuilder.Build(FormulaParser.Parse(JsonRead.RequiredString(m, "formula", file)), data), new FitOptions { Method = method });
            results.Add(FitChecks.Criterion(file, $"logLik_as_fitted/{name}", fit.LogLikelihood, JsonRead.Number(m, "logLik_as_fitted") ?? double.NaN, false, LogLikTol, ""));
            results.Add(Exact(file, $"npar/{name}", fit.DegreesOfFreedom, JsonRead.Number(m, "npar")));
            fits.Add((name, fit));
        }
        bool refit = JsonRead.Property(root, "refit_ml") is { ValueKind: JsonValueKind.True };
        var comparison = ModelComparer.Compare(fits, refit);
        var models = JsonRead.Objects(root, "models").ToList();
        for (int i = 0; i < models.Count; i++)
        {
            string name = fits[i].Item1;
            results.Add(FitChecks.Criterion(file, $"logLik_in_anova/{name}", comparison.Fits[i].LogLikelihood, JsonRead.Number(models[i], "logLik_in_anova") ?? double.NaN, false, LogLikTol, ""));
            if (JsonRead.NamedNumbers(models[i], "theta_in_anova") is { } theta)
                results.Add(FitChecks.Theta(file, $"theta_in_anova/{name}", comparison.Fits[i], theta));
        }
        string refitDetail = $"ours refitted [{string.Join(", ", comparison.Refitted)}]";
        results.Add(refit == (comparison.Refitted.Count > 0)
            ? CheckResult.Pass(file, "refit_ml", refitDetail) : CheckResult.Fail(file, "refit_ml", refitDetail + $", ref refit_ml {refit}"));

        var anova = JsonRead.Property(root, "anova") ?? throw new InvalidDataException("anova is missing.");
        var order = JsonRead.Strings(anova, "model_order");
        var ours = comparison.Table;
        results.Add(order.SequenceEqual(ours.Select(r => r.Name))
            ? CheckResult.Pass(file, "anova.model_order", string.Join(", ", order))
            : CheckResult.Fail(file, "anova.model_order", $"ours {string.Join(", ", ours.Select(r => r.Name))} ref {string.Join(", ", order)}"));
        results.Add(Column(file, "anova.npar", ours.Select(r => (double?)r.Parameters), JsonRead.Numbers(anova, "npar"), _ => 0));
        results.Add(Column(file, "anova.AIC", ours.Select(r => (double?)r.AIC), JsonRead.Numbers(anova, "AIC"), e => LogLikTol * Math.Abs(e), minimised: true));
        results.Add(Column(file, "anova.BIC", ours.Select(r => (double?)r.BIC), JsonRead.Numbers(anova, "BIC"), e => LogLikTol * Math.Abs(e), minimised: true));
        results.Add(Column(file, "anova.deviance", ours.Select(r => (double?)r.Deviance), JsonRead.Numbers(anova, "deviance"), e => LogLikTol * Math.Abs(e), minimised: true));
        results.Add(Column(file, "anova.logLik", ours.Select(r => (double?)r.LogLikelihood), JsonRead.Numbers(anova, "logLik"), e => LogLikTol * Math.Abs(e), maximised: true));
        // Chisq is a difference of two deviances: its allowance is the sum of theirs.
        double devTol = 2 * LogLikTol * ours.Max(r => Math.Abs(r.Deviance));
        results.Add(Column(file, "anova.Chisq", ours.Select(r => r.ChiSquare), JsonRead.Numbers(anova, "Chisq"), _ => devTol));
        results.Add(Column(file, "anova.Df", ours.Select(r => (double?)r.Df), JsonRead.Numbers(anova, "Df"), _ => 0));
        // dp = f(Chisq) dChisq / 2 at most p itself per unit of Chisq for Df <= 2; 1e-4 relative covers devTol here.
        results.Add(Column(file, "anova.p", ours.Select(r => r.PValue), JsonRead.Numbers(anova, "p"), e => Math.Max(1e-4 * Math.Abs(e), 1e-15)));
        return results;
    }

    private static CheckResult Exact(string file, string check, int ours, double? reference) =>
        reference == ours ? CheckResult.Pass(file, check, $"{ours}") : CheckResult.Fail(file, check, $"ours {ours} ref {reference}");

    /// <summary>Both sides null (the first row's test, a p-value where Df = 0) agree; one null and not the other fails.
    /// A minimised criterion may be lower, a maximised one higher (a better ML optimum than lme4's refit).</summary>
    private static CheckResult Column(string file, string check, IEnumerable<double?> oursValues, IReadOnlyList<double?>? reference, Func<double, double> allowance,
        bool minimised = false, bool maximised = false)
    {
        var ours = oursValues.ToList();
        reference ??= Array.Empty<double?>();
        var c = new ElementComparer();
        c.EmptyIsExpected = true;
        if (ours.Count != reference.Count) c.Missing($"{reference.Count} reference rows against our {ours.Count}");
        for (int i = 0; i < Math.Min(ours.Count, reference.Count); i++)
        {
            if (ours[i] is null && reference[i] is null) continue;
            if (ours[i] is null || reference[i] is null) { (ours[i] is null ? (Action<string>)c.Missing : c.Extra)($"row {i + 1}"); continue; }
            double o = ours[i]!.Value, e = reference[i]!.Value;
            bool better = (minimised && o < e) || (maximised && o > e);
            c.Add($"row {i + 1}", better ? e : o, e, allowance(e));
        }
        return c.ToResult(file, check, minimised ? "lower passes" : maximised ? "higher passes" : "tol per column");
    }
}
