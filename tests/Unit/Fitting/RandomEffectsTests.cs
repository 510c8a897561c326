using System.Text.Json;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>Conditional modes and conditional SDs of the random effects against lme4's ranef(condVar = TRUE), at
/// lme4's own theta (so the comparison tests the formulas, not the optimizer): 1e-6 relative, with an absolute
/// floor of 1e-6 times the largest value of the column.</summary>
public class RandomEffectsTests
{
    public static TheoryData<string> Cases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "sleepstudy_uncorr_REML.json", "Dyestuff_REML.json",
        "Penicillin_REML.json", "Pastes_REML.json", "ranef_only_ML.json",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Modes_and_conditional_SDs_match_lme4_at_lme4s_theta(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var theta = root.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
        var design = DevfunPointTests.DesignFor(file);
        // One evaluation at lme4's theta, no optimization: MaxEvaluations 1 from lme4's theta returns that point.
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, StartTheta = theta, MaxEvaluations = 1 });
        Assert.Equal(theta, fit.Theta);

        int checkedValues = 0;
        foreach (var group in root.GetProperty("ranef").EnumerateArray())
        {
            string name = group.GetProperty("group").GetString()!;
            var levels = group.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToArray();
            foreach (var column in group.GetProperty("mode").EnumerateObject())
            {
                var table = fit.RandomEffects.Single(t => t.Group == name && t.Names.Contains(column.Name));
                int k = table.Names.Count, c = table.Names.ToList().IndexOf(column.Name);
                var modes = column.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var sds = group.GetProperty("condsd").GetProperty(column.Name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
                double modeFloor = 1e-6 * modes.Max(Math.Abs), sdFloor = 1e-6 * sds.Max(Math.Abs);
                for (int l = 0; l < levels.Length; l++)
                {
                    Assert.Equal(levels[l], table.Levels[l]);
                    DevfunPointTests.AssertRelative(modes[l], table.Modes[l * k + c], 1e-6, $"{name} {levels[l]} {column.Name} mode", modeFloor);
                    DevfunPointTests.AssertRelative(sds[l], table.ConditionalSD[l * k + c], 1e-6, $"{name} {levels[l]} {column.Name} condSD", sdFloor);
                    checkedValues += 2;
                }
            }
        }
        Assert.True(checkedValues > 0);
    }
}
