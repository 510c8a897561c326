using LmmPS.Core.Design;
using LmmPS.Core.Fitting;

namespace LmmPS.Conformance;

/// <summary>Checks of a fit against the scalar and named fields of a reference: objective, theta, sigma, beta,
/// standard errors, logLik/AIC/BIC, and the tight optimum. Each check is one result line.</summary>
public static class FitChecks
{
    /// <summary>What the design must agree on before any number is compared: rows used, number of random
    /// effects, fixed-effect column names (R's coding) and theta names (lme4's term order).</summary>
    public static CheckResult Design(ReferenceCase rc, ModelDesign design)
    {
        var problems = new List<string>();
        if (rc.RowCount is int n && n != design.RowCount)
            problems.Add($"n: ours {design.RowCount} ref {n}");
        if (rc.RandomEffectCount is int q && q != design.RandomEffectCount)
            problems.Add($"q: ours {design.RandomEffectCount} ref {q}");
        if (rc.FixedEffectColumns is { } fixef && !fixef.SequenceEqual(design.FixedEffectNames))
            problems.Add($"fixed effects: ours [{string.Join(", ", design.FixedEffectNames)}] ref [{string.Join(", ", fixef)}]");
        if (rc.Theta is { } theta && !theta.Select(t => t.Name).SequenceEqual(design.ThetaNames))
            problems.Add($"theta names: ours [{string.Join(", ", design.ThetaNames)}] ref [{string.Join(", ", theta.Select(t => t.Name))}]");
        string summary = $"n {design.RowCount}, p {design.FixedEffectCount}, q {design.RandomEffectCount}, theta {design.ThetaCount}";
        return problems.Count == 0
            ? CheckResult.Pass(rc.FileName, CheckNames.Design, summary)
            : CheckResult.Fail(rc.FileName, CheckNames.Design, string.Join("; ", problems));
    }

    /// <summary>Every check of a fitted model whose reference field exists (tight optimum included).</summary>
    public static IEnumerable<CheckResult> All(ReferenceCase rc, FitResult fit)
    {
        string file = rc.FileName;
        if (rc.Objective is double objective)
            yield return Guard(file, CheckNames.Objective, () => Criterion(file, CheckNames.Objective, fit.Objective, objective, minimised: true, Tolerances.Objective, ""));
        if (rc.Theta is { } theta)
            yield return Guard(file, CheckNames.Theta, () => Theta(file, CheckNames.Theta, fit, theta));
        if (rc.Sigma is double sigma)
            yield return Guard(file, CheckNames.Sigma, () => Sigma(file, CheckNames.Sigma, fit.Sigma, sigma));
        if (rc.Beta is { } beta)
            yield return Guard(file, CheckNames.Beta, () => Named(file, CheckNames.Beta, fit.FixedEffects.Select(f => (f.Name, f.Estimate)), beta, Tolerances.Estimate));
        if (rc.BetaSE is { } se)
            yield return Guard(file, CheckNames.BetaSE, () => Named(file, CheckNames.BetaSE, fit.FixedEffects.Select(f => (f.Name, f.StdError)), se, Tolerances.Estimate));
        if (rc.VarComp is { } varcomp)
            foreach (var r in Guarded(file, CheckNames.VarComp, () => VarianceComponentChecks.All(file, fit, varcomp)))
                yield return r;
        if (rc.Ranef is { } ranef)
            foreach (var r in Guarded(file, CheckNames.Ranef, () => RandomEffectsChecks.All(file, fit, ranef)))
                yield return r;
        if (rc.LogLik is double logLik)
            yield return Guard(file, CheckNames.LogLik, () => Criterion(file, CheckNames.LogLik, fit.LogLikelihood, logLik, minimised: false, Tolerances.Criterion, ""));
        if (rc.AIC is double aic)
            yield return Guard(file, CheckNames.AIC, () => Criterion(file, CheckNames.AIC, fit.AIC, aic, minimised: true, Tolerances.Criterion, ""));
        if (rc.BIC is double bic)
            yield return Guard(file, CheckNames.BIC, () => Criterion(file, CheckNames.BIC, fit.BIC, bic, minimised: true, Tolerances.Criterion, ""));
        if (rc.TightOptimum is { } tight)
            foreach (var r in Tight(file, fit, tight))
                yield return r;
    }

    /// <summary>The tight optimum: the same comparisons against a more precise optimum than lme4's default,
    /// with lme4's default objective printed beside ours to show which of the two we are closer to.</summary>
    public static IEnumerable<CheckResult> Tight(string file, FitResult fit, ReferenceTightOptimum tight)
    {
        if (tight.Objective is double objective)
        {
            string beside = tight.ObjectiveLme4Default is double d ? $"; lme4 default {Format.Number(d)}" : "";
            yield return Guard(file, CheckNames.TightObjective, () => Criterion(file, CheckNames.TightObjective, fit.Objective, objective, minimised: true, Tolerances.Objective, beside));
        }
        if (tight.Theta is { } theta)
            yield return Guard(file, CheckNames.TightTheta, () => Theta(file, CheckNames.TightTheta, fit, theta));
        if (tight.Sigma is double sigma)
            yield return Guard(file, CheckNames.TightSigma, () => Sigma(file, CheckNames.TightSigma, fit.Sigma, sigma));
        if (tight.Beta is { } beta)
            yield return Guard(file, CheckNames.TightBeta, () => Named(file, CheckNames.TightBeta, fit.FixedEffects.Select(f => (f.Name, f.Estimate)), beta, Tolerances.Estimate));
    }

    /// <summary>A criterion (objective, AIC, BIC minimised; logLik maximised): within the relative tolerance,
    /// or better than the reference, which passes with "lower by" / "higher by".</summary>
    public static CheckResult Criterion(string file, string check, double ours, double reference, bool minimised, double relative, string suffix)
    {
        var c = minimised ? Tolerance.CompareMinimised(ours, reference, relative) : Tolerance.CompareMaximised(ours, reference, relative);
        string direction = c.Difference < 0 ? "lower" : "higher";
        string verdict = c.Outcome switch
        {
            CriterionOutcome.Better => $"{direction} by {Format.Small(Math.Abs(c.Difference))} (better than the reference)",
            CriterionOutcome.Worse => $"{direction} by {Format.Small(Math.Abs(c.Difference))} (worse than the reference)",
            CriterionOutcome.NotFinite => "ours is not a finite number",
            _ => $"diff {Format.Small(c.Difference)}",
        };
        string detail = $"ours {Format.Number(ours)} ref {Format.Number(reference)} {verdict}; tol {Format.Small(relative)} rel (= {Format.Small(c.Allowance)}){suffix}";
        return c.Passed ? CheckResult.Pass(file, check, detail) : CheckResult.Fail(file, check, detail);
    }

    public static CheckResult Theta(string file, string check, FitResult fit, IReadOnlyList<NamedValue> reference)
    {
        var ours = fit.ThetaNames.Zip(fit.Theta, (name, value) => (name, value));
        var comparer = Compare(ours, reference, expected => Tolerances.Theta);
        return comparer.ToResult(file, check, $"tol {Format.Small(Tolerances.Theta)} abs, matched by name");
    }

    public static CheckResult Sigma(string file, string check, double ours, double reference)
    {
        var comparer = new ElementComparer();
        comparer.Add("sigma", ours, reference, Tolerance.RelativeAllowance(reference, Tolerances.Estimate));
        return comparer.ToResult(file, check, $"tol {Format.Small(Tolerances.Estimate)} rel");
    }

    /// <summary>Named values (beta, standard errors) matched by name, relative tolerance. Both sides empty
    /// (no fixed effects) passes.</summary>
    public static CheckResult Named(string file, string check, IEnumerable<(string Name, double Value)> ours, IReadOnlyList<NamedValue> reference, double relative)
    {
        var comparer = Compare(ours, reference, expected => Tolerance.RelativeAllowance(expected, relative));
        comparer.EmptyIsExpected = true;
        return comparer.ToResult(file, check, $"tol {Format.Small(relative)} rel, matched by name");
    }

    private static ElementComparer Compare(IEnumerable<(string Name, double Value)> ours, IReadOnlyList<NamedValue> reference, Func<double, double> allowance)
    {
        var comparer = new ElementComparer();
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in ours)
            byName[name] = value;
        foreach (var r in reference)
        {
            if (byName.TryGetValue(r.Name, out double value))
                comparer.Add(r.Name, value, r.Value, r.Value is double e ? allowance(e) : 0);
            else
                comparer.Missing(r.Name);
        }
        foreach (var name in byName.Keys.Where(k => !reference.Any(r => r.Name == k)))
            comparer.Extra(name);
        return comparer;
    }

    /// <summary>Runs one check; an exception becomes a FAIL of that check only.</summary>
    public static CheckResult Guard(string file, string check, Func<CheckResult> run)
    {
        try
        {
            return run();
        }
        catch (Exception e)
        {
            return CheckResult.Exception(file, check, e);
        }
    }

    /// <summary>Runs a group of checks; an exception becomes one FAIL for the group.</summary>
    public static IReadOnlyList<CheckResult> Guarded(string file, string check, Func<IEnumerable<CheckResult>> run)
    {
        try
        {
            return run().ToList();
        }
        catch (Exception e)
        {
            return new[] { CheckResult.Exception(file, check, e) };
        }
    }
}
