using LmmPS.Conformance;
using Xunit.Abstractions;

namespace LmmPS.Tests.Conformance;

/// <summary>The conformance runner, in-process, on every case of tests/data: no check may fail, and the checks
/// each case should get must have run (so a silently skipped comparison cannot pass as success).
/// Every result line goes to the test output.</summary>
public class ConformanceDataTests
{
    private readonly ITestOutputHelper _output;

    public ConformanceDataTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases() => ConformanceTestData.ReferenceFileNames().Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_passes_conformance(string fileName)
    {
        var writer = new StringWriter();
        var (results, timing) = new ConformanceRunner(writer).RunCase(ConformanceTestData.Directory, ConformanceTestData.Reference(fileName));
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            _output.WriteLine(line.TrimEnd('\r'));

        Assert.Empty(results.Where(r => r.Status == CheckStatus.Fail).Select(r => r.ToLine()));
        Assert.Contains(results, r => r.Check == "design" && r.Status == CheckStatus.Pass);
        var rc = ReferenceCase.Load(ConformanceTestData.Reference(fileName));
        var passed = results.Where(r => r.Status == CheckStatus.Pass).Select(r => r.Check).ToHashSet();
        var skipped = results.Where(r => r.Status == CheckStatus.Skip).Select(r => r.Check).ToHashSet();
        if (rc.IsBlme)
        {
            // The prior's own checks (BlmeChecks): the minimised objective, F at blme's theta points, f at blme's optimum.
            foreach (var check in new[] { "prior", "objective", "theta", "sigma", "beta", "beta_se", "logLik", "objective_penalised", "prior_penalty", "tight_objective", "blme_point" })
                Assert.Contains(check, passed);
            foreach (var p in rc.DevfunPoints!)
                Assert.Contains($"devfun_points/{p.Label}", passed);
            // dF/dtheta of the penalised objective (PriorGradientChecks): no SKIP left.
            foreach (var p in rc.DevfunPoints!.Where(p => p.HasGradient))
                Assert.Contains($"gradient/{p.Label}", passed);
            Assert.Empty(skipped);
            return;
        }
        foreach (var check in new[] { "objective", "theta", "sigma", "beta", "beta_se", "logLik", "AIC", "BIC" })
            Assert.Contains(check, passed);
        if (fileName.StartsWith("inf_", StringComparison.Ordinal))
        {
            // Inference files hold the fit and lmerTest's tests, no conditional modes or devfun points (InferenceChecks).
            foreach (var check in new[] { "inference/type3_hypotheses", "inference/satterthwaite@lme4", "inference/satterthwaite@tight",
                         "inference/kenward_roger@lme4", "inference/kenward_roger@tight", "inference/anova_type3@tight",
                         "inference/anova_type3_kr@tight", "inference/satterthwaite@fit" })
                Assert.Contains(check, passed);
            return;
        }
        foreach (var v in rc.VarComp!)
            Assert.Contains($"varcomp/{v.Group}", passed);
        foreach (var g in rc.Ranef!)
        {
            Assert.Contains($"ranef/{g.Group}/mode", passed);
            Assert.Contains($"ranef/{g.Group}/condsd", passed);
        }
        foreach (var p in rc.DevfunPoints!)
            Assert.Contains($"devfun_points/{p.Label}", passed);
        if (rc.TightOptimum is not null)
            Assert.Contains("tight_objective", passed);
        foreach (var p in rc.DevfunPoints!.Where(p => p.HasGradient))
            Assert.Contains($"gradient/{p.Label}", passed);
        Assert.Equal(rc.HasProfileCi, passed.Contains("profile_ci"));
    }
}
