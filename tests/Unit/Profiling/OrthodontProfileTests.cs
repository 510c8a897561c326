using System.Text.Json;
using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using Xunit.Abstractions;

namespace LmmPS.Tests.Profiling;

/// <summary>Orthodont, distance ~ age * Sex + (age | Subject), ML (tests/extra-data). The correlation's profile below
/// the estimate once had a point stuck in a local minimum (cor -0.849 kept sd_age > 0 at deviance 429.07, above the
/// 428.64 that sd_age = 0 gives at every correlation), so zeta was not monotone and the lower limit was NaN. lme4's
/// confint gives [-1, 1]: zeta never reaches -1.96 or 1.96 before the bounds.</summary>
public class OrthodontProfileTests(ITestOutputHelper output)
{
    private static string ExtraData => Path.Combine(AppContext.BaseDirectory, "extra-data");

    private static ProfileResult Profile()
    {
        string path = Path.Combine(ExtraData, "data", "Orthodont.csv");
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        var design = DesignBuilder.Build(FormulaParser.Parse("distance ~ age * Sex + (age | Subject)"), data);
        var fit = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.ML });
        return LmmProfiler.Profile(fit);
    }

    [Fact]
    public void Correlation_profile_is_monotone_and_every_limit_matches_lme4()
    {
        var result = Profile();
        output.WriteLine($"{result.Evaluations} evaluations, {result.Points.Count} points");
        foreach (var p in result.Points)
            output.WriteLine($"  {p.Parameter} {p.Value:R} zeta {p.Zeta:R} deviance {p.Deviance:R}");

        // Monotone: zeta never falls (beyond optimiser noise) as the correlation increases.
        var cor = result.Points.Where(p => p.Parameter == "cor_age.(Intercept)|Subject").OrderBy(p => p.Value).ToList();
        Assert.True(cor.Count >= 4, $"only {cor.Count} correlation points");
        for (int i = 1; i < cor.Count; i++)
            Assert.True(cor[i].Zeta >= cor[i - 1].Zeta - ProfileIntervals.MonotoneTolerance,
                $"zeta falls from {cor[i - 1].Zeta:R} at {cor[i - 1].Value:R} to {cor[i].Zeta:R} at {cor[i].Value:R}");
        // With sd_age = 0 the deviance does not depend on the correlation, so no correlation's profiled deviance
        // can exceed the one at sd_age's bound 0.
        var sdAgeAtZero = result.Points.Single(p => p.Parameter == "sd_age|Subject" && p.Value == 0.0);
        Assert.All(cor, p => Assert.True(p.Deviance <= sdAgeAtZero.Deviance + 1e-6,
            $"deviance {p.Deviance:R} at cor {p.Value:R} exceeds {sdAgeAtZero.Deviance:R} at sd_age = 0"));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExtraData, "reference", "Orthodont_ML.json")));
        // Known deviation: the lower limit of sd_(Intercept) lies where zeta is within 1.6e-3 of its value at the
        // bound 0 (-1.9615 against -1.95996), so 1e-3 relative (1.3e-6 in the SD) asks the held-SD optimisation for
        // zeta to ~1e-6 near SD = 0, beyond its precision there; lme4's own limit is read off a spline.
        // Ours is within 0.6% (7.4e-6 absolute) of lme4's.
        ProfileIntervalAssert.MatchConfint(doc.RootElement, result, output,
            (name, what) => name == "sd_(Intercept)|Subject" && what == "lower" ? 2e-5 : null);
        var correlationInterval = result.Intervals.Single(r => r.Parameter == "cor_age.(Intercept)|Subject");
        Assert.Equal(-1.0, correlationInterval.Lower);
        Assert.Equal(1.0, correlationInterval.Upper);
    }
}
