using System.Text.Json;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Gradients;

/// <summary>The analytic gradient against finite differences of our own objective (1e-6 relative) and against lme4's
/// finite-difference gradient (gradient_fd of devfun_points: 1e-4 relative or 1e-5 absolute), at every reference
/// point and at the reference optimum, for ML and for REML, on every reference case. InstEval's 73k rows and
/// 1159 x 1159 dense part keep it to one point here; the conformance runner covers the rest.</summary>
public class ReferencePointGradientTests
{
    private readonly ITestOutputHelper _output;

    public ReferencePointGradientTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> SmallCases => new()
    {
        "sleepstudy_ML.json", "sleepstudy_REML.json", "sleepstudy_uncorr_REML.json", "Dyestuff_ML.json", "Dyestuff_REML.json",
        "Dyestuff2_REML.json", "Penicillin_ML.json", "Penicillin_REML.json", "Pastes_REML.json", "ranef_only_ML.json",
    };

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Analytic_gradient_matches_finite_differences_at_every_reference_point(string file)
    {
        using var doc = TestData.Reference(file);
        var design = DevfunPointTests.DesignFor(file);
        var model = new LinearMixedModel(design);
        foreach (var (label, theta) in Points(doc.RootElement))
            foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            {
                var rows = GradientCheck.CheckGradient(design, theta, method);
                double noise = GradientAssert.ObjectiveNoise(model, design, theta, method);
                foreach (var row in rows)
                {
                    _output.WriteLine($"{file} {label} {method} {row.Parameter}: analytic {row.Analytic:R} fd {row.Numeric:R} abs {row.AbsoluteError:E2} rel {row.RelativeError:E2} {row.Scheme}");
                    GradientAssert.AgreesWithOwnDifferences(row, noise, $"{file} {label} {method}");
                }
            }
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Analytic_gradient_matches_lme4_finite_differences(string file)
    {
        using var doc = TestData.Reference(file);
        var root = doc.RootElement;
        var method = root.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var model = new LinearMixedModel(DevfunPointTests.DesignFor(file));
        int compared = 0;
        foreach (var point in root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            if (!point.TryGetProperty("gradient_fd", out var fd) || fd.ValueKind != JsonValueKind.Array)
                continue;
            var theta = point.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expected = fd.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var analytic = model.Gradient(theta, method);
            for (int i = 0; i < expected.Length; i++)
            {
                double err = Math.Abs(analytic[i] - expected[i]);
                Assert.True(err <= 1e-4 * Math.Abs(expected[i]) || err <= 1e-5,
                    $"{file} {point.GetProperty("label").GetString()} theta[{i}]: analytic {analytic[i]:R}, lme4 fd {expected[i]:R}");
                compared++;
            }
        }
        Assert.True(compared > 0, $"{file} has no gradient_fd to compare");
    }

    [Fact]
    public void InstEval_gradient_matches_finite_differences_at_one_reference_point()
    {
        using var doc = TestData.Reference("InstEval_ML.json");
        // The perturbed point: its derivatives are in the thousands, so 1e-6 relative is a real test. At the optimum
        // (derivatives ~0.05 against an objective of 2.4e5) both finite differences are rounding noise at 1e-4.
        var point = doc.RootElement.GetProperty("devfun_points").GetProperty("points").EnumerateArray()
            .First(p => p.GetProperty("label").GetString() == "perturbed");
        var theta = point.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var design = HandBuiltDesigns.InstEval();
        var model = new LinearMixedModel(design);
        double noise = GradientAssert.ObjectiveNoise(model, design, theta, EstimationMethod.ML);
        var rows = GradientCheck.CheckGradient(design, theta, EstimationMethod.ML);
        foreach (var row in rows)
        {
            _output.WriteLine($"InstEval {row.Parameter}: analytic {row.Analytic:R} fd {row.Numeric:R} rel {row.RelativeError:E2}");
            GradientAssert.AgreesWithOwnDifferences(row, noise, "InstEval_ML " + point.GetProperty("label").GetString());
        }
        var expected = point.GetProperty("gradient_fd").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(rows[i].Analytic - expected[i]) <= Math.Max(1e-4 * Math.Abs(expected[i]), 1e-5),
                $"InstEval theta[{i}]: analytic {rows[i].Analytic:R}, lme4 fd {expected[i]:R}");
    }

    /// <summary>The devfun points, the reference optimum and (when given) the tight optimum.</summary>
    internal static IEnumerable<(string Label, double[] Theta)> Points(JsonElement root)
    {
        foreach (var point in root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
            yield return (point.GetProperty("label").GetString()!, point.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        yield return ("optimum", root.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray());
        if (root.TryGetProperty("tight_optimum", out var tight) && tight.ValueKind == JsonValueKind.Object
            && tight.TryGetProperty("theta", out var tt) && tt.ValueKind == JsonValueKind.Object)
            yield return ("tight_optimum", tt.EnumerateObject().Select(p => p.Value.GetDouble()).ToArray());
    }
}
