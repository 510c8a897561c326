using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;

namespace LmmPS.Conformance;

/// <summary>
/// The tests of fixed effects against an inf_*.json file (INFERENCE_FORMAT.md): every Satterthwaite and Kenward-Roger
/// coefficient row, Kenward-Roger's adjusted covariance, the Type III tables and their hypotheses, and the contrast
/// tests (individual and joint), each at the two points the file records them - lme4's optimum (the top-level
/// blocks) and the tight optimum (<c>at_tight_optimum</c>) - by evaluating the engine at that theta. The engine's
/// derivatives are analytic and lmerTest's come from numDeriv (~1e-8 relative), so 1e-6 relative is allowed (p-values
/// on the log scale, 1e-6 absolute). One more line compares the engine's own fit with the tight block, within the
/// df's sensitivity to where an optimizer stops; the bootstrap section is checked by <see cref="BootstrapChecks"/>.
/// </summary>
public static class InferenceChecks
{
    public const double Relative = 1e-6;

    /// <summary>Our fit stops at |gradient| ~1e-5, not at the tight optimum: the files' max_rel_change shows the df move
    /// ~1e-5 relative between lme4's optimum (|gradient| ~1e-3) and the tight one.</summary>
    public const double AtOurFit = 1e-4;

    public static IEnumerable<CheckResult> All(string file, string referenceFile, ModelDesign design, FitResult? fit)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var results = new List<CheckResult>();
        results.Add(FitChecks.Guard(file, "inference/type3_hypotheses", () => Hypotheses(file, root, design)));
        var points = new (string Label, JsonElement Block)[] { ("lme4", root), ("tight", root.GetProperty("at_tight_optimum")) };
        foreach (var (label, block) in points)
        {
            var theta = block.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
            foreach (var kind in new[] { DegreesOfFreedomMethod.Satterthwaite, DegreesOfFreedomMethod.KenwardRoger })
            {
                string suffix = kind == DegreesOfFreedomMethod.KenwardRoger ? "_kr" : "";
                string coefficients = kind == DegreesOfFreedomMethod.KenwardRoger ? "kenward_roger" : "satterthwaite";
                if (!JsonRead.Has(block, coefficients))
                    continue;
                FixedEffectInference? inference = null;
                results.Add(FitChecks.Guard(file, $"inference/{coefficients}@{label}", () =>
                {
                    inference = FixedEffectInference.At(design, theta, method, kind);
                    return Coefficients(file, $"inference/{coefficients}@{label}", inference, block.GetProperty(coefficients), Relative);
                }));
                if (inference is null)
                    continue;
                if (JsonRead.Has(block, "anova_type3" + suffix))
                    results.Add(FitChecks.Guard(file, $"inference/anova_type3{suffix}@{label}", () => TypeThree(file, $"inference/anova_type3{suffix}@{label}", inference, block.GetProperty("anova_type3" + suffix))));
                if (JsonRead.Has(block, "contrast_tests" + suffix))
                    results.Add(FitChecks.Guard(file, $"inference/contrast_tests{suffix}@{label}", () => Contrasts(file, $"inference/contrast_tests{suffix}@{label}", inference, block.GetProperty("contrast_tests" + suffix))));
            }
        }
        if (fit is not null)
            results.Add(FitChecks.Guard(file, "inference/satterthwaite@fit", () => Coefficients(file, "inference/satterthwaite@fit",
                FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite), root.GetProperty("at_tight_optimum").GetProperty("satterthwaite"), AtOurFit)));
        if (fit is not null && JsonRead.Has(root, "bootstrap"))
            results.Add(FitChecks.Guard(file, "inference/bootstrap", () => BootstrapChecks.Check(file, root.GetProperty("bootstrap"), fit)));
        return results;
    }

    private static CheckResult Coefficients(string file, string check, FixedEffectInference inference, JsonElement block, double relative)
    {
        var comparer = new ElementComparer();
        var rows = inference.Coefficients();
        foreach (var e in block.GetProperty("coefficients").EnumerateArray())
        {
            string name = e.GetProperty("name").GetString()!;
            var row = rows.FirstOrDefault(r => r.Name == name);
            if (row is null)
            {
                comparer.Missing(name);
                continue;
            }
            Add(comparer, $"{name}.estimate", row.Estimate, e, "estimate", relative);
            Add(comparer, $"{name}.se", row.StdError, e, "se", relative);
            Add(comparer, $"{name}.df", row.DF, e, "df", relative);
            Add(comparer, $"{name}.t", row.TValue, e, "t", relative);
            AddLog(comparer, $"{name}.log_p", row.PValue, e, "p", relative);
        }
        if (JsonRead.Matrix(block, "vcov_beta_adjusted") is { } adjusted && inference.AdjustedCovariance() is { } kr)
            for (int a = 0; a < adjusted.Count; a++)
                for (int b = 0; b < adjusted[a].Count; b++)
                    comparer.Add($"Phi_A[{a},{b}]", kr[a, b], adjusted[a][b],
                        relative * Math.Sqrt(adjusted[a][a]!.Value * adjusted[b][b]!.Value));
        return comparer.ToResult(file, check, $"tol {relative:G2} rel (p: log scale, Phi_A: of sqrt(Phi_aa Phi_bb))");
    }

    private static CheckResult TypeThree(string file, string check, FixedEffectInference inference, JsonElement block)
    {
        var comparer = new ElementComparer { EmptyIsExpected = true };
        var rows = inference.TypeThree();
        var expected = block.GetProperty("rows").EnumerateArray().ToArray();
        foreach (var row in rows.Where(r => !expected.Any(e => e.GetProperty("term").GetString() == r.Term)))
            comparer.Extra(row.Term);
        foreach (var e in expected)
        {
            string term = e.GetProperty("term").GetString()!;
            var row = rows.FirstOrDefault(r => r.Term == term);
            if (row is null)
                comparer.Missing(term);
            else
                AddF(comparer, term, row, e);
        }
        return comparer.ToResult(file, check, $"tol {Relative:G2} rel (p: log scale)");
    }

    private static CheckResult Contrasts(string file, string check, FixedEffectInference inference, JsonElement block)
    {
        var comparer = new ElementComparer();
        int index = 0;
        foreach (var e in block.GetProperty("individual").EnumerateArray())
        {
            index++;
            var l = e.GetProperty("L").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var t = inference.Contrast(l);
            string name = $"L{index}";
            Add(comparer, $"{name}.estimate", t.Estimate, e, "estimate", Relative);
            Add(comparer, $"{name}.se", t.StdError, e, "se", Relative);
            Add(comparer, $"{name}.df", t.DF, e, "df", Relative);
            Add(comparer, $"{name}.t", t.TValue, e, "t", Relative);
            AddLog(comparer, $"{name}.log_p", t.PValue, e, "p", Relative);
            Add(comparer, $"{name}.ci95_lower", t.Lower95, e, "ci95_lower", Relative);
            Add(comparer, $"{name}.ci95_upper", t.Upper95, e, "ci95_upper", Relative);
        }
        var rows = block.GetProperty("L").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var matrix = new double[rows.Length, rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++)
                matrix[r, c] = rows[r][c];
        AddF(comparer, "joint", inference.Joint(matrix, "joint"), block.GetProperty("joint"));
        return comparer.ToResult(file, check, $"tol {Relative:G2} rel (p: log scale)");
    }

    private static CheckResult Hypotheses(string file, JsonElement root, ModelDesign design)
    {
        var comparer = new ElementComparer { EmptyIsExpected = true };
        var ours = TypeThreeHypotheses.For(design);
        foreach (var h in root.GetProperty("anova_type3").GetProperty("hypotheses").EnumerateArray())
        {
            string term = h.GetProperty("term").GetString()!;
            var mine = ours.FirstOrDefault(o => o.Term == term);
            if (mine is null)
            {
                comparer.Missing(term);
                continue;
            }
            var l = JsonRead.Matrix(h, "L")!;
            for (int r = 0; r < l.Count; r++)
                for (int c = 0; c < l[r].Count; c++)
                    comparer.Add($"{term}.L[{r},{c}]", r < mine.L.GetLength(0) ? mine.L[r, c] : double.NaN, l[r][c], 1e-12);
        }
        return comparer.ToResult(file, "inference/type3_hypotheses", "tol 1e-12 abs");
    }

    private static void AddF(ElementComparer comparer, string name, FTest row, JsonElement e)
    {
        Add(comparer, $"{name}.numdf", row.NumDF, e, "numdf", 0);
        Add(comparer, $"{name}.dendf", row.DenDF, e, "dendf", Relative);
        Add(comparer, $"{name}.F", row.F, e, "F", Relative);
        Add(comparer, $"{name}.sumsq", row.SumSq, e, "sumsq", Relative);
        Add(comparer, $"{name}.meansq", row.MeanSq, e, "meansq", Relative);
        AddLog(comparer, $"{name}.log_p", row.PValue, e, "p", Relative);
        if (JsonRead.Has(e, "F_scaling"))
        {
            Add(comparer, $"{name}.F_unscaled", row.FUnscaled, e, "F_unscaled", Relative);
            Add(comparer, $"{name}.F_scaling", row.FScaling, e, "F_scaling", Relative);
        }
    }

    private static void Add(ElementComparer comparer, string label, double actual, JsonElement e, string property, double relative)
    {
        double? expected = JsonRead.Number(e, property);
        comparer.Add(label, actual, expected, expected is double x ? relative * Math.Abs(x) : 0);
    }

    private static void AddLog(ElementComparer comparer, string label, double actual, JsonElement e, string property, double tolerance)
    {
        double? expected = JsonRead.Number(e, property);
        comparer.Add(label, Math.Log(actual), expected is double x ? Math.Log(x) : null, tolerance);
    }
}
