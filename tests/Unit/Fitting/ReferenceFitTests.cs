using System.Text.Json;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using Xunit.Abstractions;

namespace LmmPS.Tests.Fitting;

/// <summary>Full fits on hand-built designs reach lme4's optimum: the objective is within 1e-6 relative of lme4's
/// (or lower), and theta, sigma and beta agree with the reference's tight optimum (lme4's optimum re-polished to a
/// gradient near 1e-8) where the file has one.</summary>
public class ReferenceFitTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => DevfunPointTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_reaches_the_lme4_optimum(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var fit = LmmFitter.Fit(DevfunPointTests.DesignFor(file), new FitOptions { Method = method });
        double lme4 = root.GetProperty("objective").GetDouble();
        var best = root.TryGetProperty("tight_optimum", out var tight) && tight.ValueKind == JsonValueKind.Object ? tight : root;
        double target = best.GetProperty("objective").GetDouble();
        output.WriteLine($"{file}: ours {fit.Objective:R} lme4 {lme4:R} tight {target:R} diff {fit.Objective - target:E2}; evaluations {fit.Evaluations} (lme4 {root.GetProperty("feval").GetInt32()}); {fit.Elapsed.TotalMilliseconds:F0} ms; theta {string.Join(", ", fit.Theta)}");
        Assert.True(fit.Objective <= lme4 + 1e-6 * Math.Abs(lme4), $"objective {fit.Objective:R} above lme4's {lme4:R}");
        Assert.True(fit.Converged, fit.ConvergenceMessage);

        var theta = best.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
        for (int i = 0; i < theta.Length; i++)
            Assert.True(Math.Abs(fit.Theta[i] - theta[i]) <= 1e-3, $"theta[{i}] {fit.Theta[i]} vs {theta[i]}");
        DevfunPointTests.AssertRelative(best.GetProperty("sigma").GetDouble(), fit.Sigma, 1e-4, "sigma");
        var beta = best.GetProperty("beta");
        if (beta.ValueKind == JsonValueKind.Object)
            foreach (var (b, i) in beta.EnumerateObject().Select((b, i) => (b, i)))
                DevfunPointTests.AssertRelative(b.Value.GetDouble(), fit.FixedEffects[i].Estimate, 1e-4, "beta " + b.Name, 1e-8);
    }
}
