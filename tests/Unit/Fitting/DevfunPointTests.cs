using LmmPS.Core.Design;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The profiled objective at lme4's own theta points (reference devfun_points) matches lme4's devfun to
/// 1e-8 relative, with sigma, beta and the deviance pieces, on every block structure: one scalar term, one vector
/// term, two scalar terms on one factor, crossed, nested, three crossed terms with covariates, no fixed effects.</summary>
public class DevfunPointTests
{
    public static TheoryData<string> Cases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "sleepstudy_uncorr_REML.json", "Dyestuff_ML.json", "Dyestuff_REML.json",
        "Dyestuff2_REML.json", "Penicillin_ML.json", "Penicillin_REML.json", "Pastes_REML.json", "ranef_only_ML.json",
        "InstEval_ML.json", "InstEval_REML.json",
    };

    internal static ModelDesign DesignFor(string file) => file switch
    {
        _ when file.StartsWith("sleepstudy_uncorr") => HandBuiltDesigns.Sleepstudy(uncorrelated: true),
        _ when file.StartsWith("sleepstudy") => HandBuiltDesigns.Sleepstudy(),
        _ when file.StartsWith("Dyestuff2") => HandBuiltDesigns.Dyestuff("data/Dyestuff2.csv"),
        _ when file.StartsWith("Dyestuff") => HandBuiltDesigns.Dyestuff(),
        _ when file.StartsWith("Penicillin") => HandBuiltDesigns.Penicillin(),
        _ when file.StartsWith("Pastes") => HandBuiltDesigns.Pastes(),
        _ when file.StartsWith("InstEval") => HandBuiltDesigns.InstEval(),
        _ when file.StartsWith("ranef_only") => HandBuiltDesigns.RanefOnly(),
        _ => throw new ArgumentException(file),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Objective_matches_lme4_devfun_at_reference_points(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var model = new LinearMixedModel(DesignFor(file));
        foreach (var point in root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            var theta = point.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expected = point.GetProperty("value").GetDouble();
            var at = model.Evaluate(theta, method);
            string label = $"{file} {point.GetProperty("label").GetString()}";
            AssertRelative(expected, at.Objective, 1e-8, label + " objective");
            if (point.TryGetProperty("sigma", out var sigma))
                AssertRelative(sigma.GetDouble(), at.Sigma, 1e-7, label + " sigma");
            if (point.TryGetProperty("ldL2", out var ldl2))
                AssertRelative(ldl2.GetDouble(), at.LogDetLZSquared, 1e-8, label + " ldL2", 1e-10);
            if (point.TryGetProperty("pwrss", out var pwrss))
                AssertRelative(pwrss.GetDouble(), at.PenalizedRss, 1e-8, label + " pwrss");
            if (point.TryGetProperty("beta", out var beta) && beta.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                var b = beta.EnumerateArray().Select(e => e.GetDouble()).ToArray();
                for (int i = 0; i < b.Length; i++)
                    AssertRelative(b[i], at.Beta[i], 1e-7, $"{label} beta[{i}]", 1e-9);
            }
        }
    }

    internal static void AssertRelative(double expected, double actual, double rel, string what, double abs = 0.0)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= rel * Math.Abs(expected) + abs, $"{what}: expected {expected:R}, got {actual:R} (error {err:E2})");
    }
}
