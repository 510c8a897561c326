using LmmPS.Conformance;
using Xunit.Abstractions;

namespace LmmPS.Tests.Conformance;

/// <summary>The checks themselves, without the engine: a fit built from lme4's own numbers must pass every
/// check, and a fit perturbed just past a tolerance must fail exactly the check concerned.</summary>
public class CheckLogicTests
{
    private readonly ITestOutputHelper _output;

    public CheckLogicTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Lme4Cases() =>
        ConformanceTestData.ReferenceFileNames().Where(n => !n.StartsWith("blme", StringComparison.Ordinal) && !n.StartsWith("inf_", StringComparison.Ordinal)).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Lme4Cases))]
    public void Lme4s_own_numbers_pass_every_check(string fileName)
    {
        var (rc, design, fit) = ReferenceFit.Load(fileName);
        var results = new List<CheckResult> { FitChecks.Design(rc, design) };
        results.AddRange(FitChecks.All(rc, fit));
        foreach (var r in results)
            _output.WriteLine(r.ToLine());

        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
        var checks = results.Select(r => r.Check).ToList();
        foreach (var expected in new[] { "design", "objective", "theta", "sigma", "beta", "beta_se", "logLik", "AIC", "BIC",
                     "tight_objective", "tight_theta", "tight_sigma", "tight_beta" })
            Assert.Contains(expected, checks);
        // One varcomp line per VarCorr entry (terms + residual), two ranef lines (mode, condsd) per grouping factor.
        Assert.Equal(rc.VarComp!.Count, checks.Count(c => c.StartsWith("varcomp/", StringComparison.Ordinal)));
        Assert.Equal(2 * rc.Ranef!.Count, checks.Count(c => c.StartsWith("ranef/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Theta_off_by_more_than_1e3_fails_and_names_the_element()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var theta = fit.Theta.ToArray();
        theta[2] += 1.5e-3; // Subject.Days
        var r = FitChecks.Theta(rc.FileName, "theta", ReferenceFit.With(fit, theta: theta), rc.Theta!);
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("worst Subject.Days", r.Detail);

        theta[2] -= 1e-3; // now 5e-4 off: inside 1e-3 absolute
        Assert.Equal(CheckStatus.Pass, FitChecks.Theta(rc.FileName, "theta", ReferenceFit.With(fit, theta: theta), rc.Theta!).Status);
    }

    [Fact]
    public void Objective_lower_than_lme4_passes_with_lower_by_and_higher_fails()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var lower = FitChecks.All(rc, ReferenceFit.With(fit, objective: rc.Objective!.Value - 0.01)).Single(r => r.Check == "objective");
        _output.WriteLine(lower.ToLine());
        Assert.Equal(CheckStatus.Pass, lower.Status);
        Assert.Contains("lower by 0.01", lower.Detail);

        var higher = FitChecks.All(rc, ReferenceFit.With(fit, objective: rc.Objective!.Value + 0.01)).Single(r => r.Check == "objective");
        Assert.Equal(CheckStatus.Fail, higher.Status);
    }

    [Fact]
    public void Tight_objective_detail_shows_lme4s_default_beside_ours()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var r = FitChecks.All(rc, fit).Single(x => x.Check == "tight_objective");
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Pass, r.Status);
        // ours = lme4's default 1751.93934449, tight 1751.93934446: 2.58e-8 higher, inside 1e-6 relative.
        Assert.Contains("ref 1751.93934446", r.Detail);
        Assert.Contains("lme4 default 1751.93934449", r.Detail);
    }

    [Fact]
    public void Missing_fixed_effect_fails_the_beta_check()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var onlyIntercept = fit.FixedEffects.Take(1).ToList();
        var r = FitChecks.All(rc, ReferenceFit.With(fit, fixedEffects: onlyIntercept)).Single(x => x.Check == "beta");
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("missing in ours: Days", r.Detail);
    }

    [Fact]
    public void No_fixed_effects_on_either_side_passes_beta()
    {
        var (rc, _, fit) = ReferenceFit.Load("ranef_only_ML.json");
        Assert.Empty(rc.Beta!);
        var r = FitChecks.All(rc, fit).Single(x => x.Check == "beta");
        Assert.Equal(CheckStatus.Pass, r.Status);
    }

    [Fact]
    public void Correlation_is_compared_absolutely_at_1e3()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var vc = fit.VarianceComponents[0];
        var corr = (double[,])vc.Correlation.Clone();
        corr[1, 0] += 1.2e-3; // 0.0813 -> 0.0825: 1.5% relative but what matters is 1.2e-3 > 1e-3 absolute
        var bad = vc with { Correlation = corr };
        var r = VarianceComponentChecks.Compare(rc.FileName, "varcomp/Subject", bad, rc.VarComp![0]);
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("corr[Days,(Intercept)]", r.Detail);
    }

    [Fact]
    public void Zero_variance_is_compared_absolutely()
    {
        // Dyestuff2 REML: lme4's Batch variance and sd are exactly 0.
        var (rc, _, fit) = ReferenceFit.Load("Dyestuff2_REML.json");
        var batch = fit.VarianceComponents[0];
        var close = batch with { Covariance = new[,] { { 2.5e-7 } }, StdDev = new[] { 5e-4 } };
        Assert.Equal(CheckStatus.Pass, VarianceComponentChecks.Compare(rc.FileName, "varcomp/Batch", close, rc.VarComp![0]).Status);
        var far = batch with { Covariance = new[,] { { 4e-6 } }, StdDev = new[] { 2e-3 } };
        var r = VarianceComponentChecks.Compare(rc.FileName, "varcomp/Batch", far, rc.VarComp![0]);
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("worst stddev[(Intercept)]", r.Detail);
    }

    [Fact]
    public void Ranef_modes_fail_past_1e3_relative_but_the_column_floor_protects_values_near_0()
    {
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_ML.json");
        var table = fit.RandomEffects[0];
        int k = table.Names.Count;
        int s309 = table.Levels.ToList().IndexOf("309");
        int s333 = table.Levels.ToList().IndexOf("333");

        // Subject 309, Days: -8.6441516618 * 1.002 differs by 0.0173 > 1e-3 * 8.644 = 0.0086 (and > the floor 0.0106).
        var modes = (double[])table.Modes.Clone();
        modes[s309 * k + 1] *= 1.002;
        var r = RandomEffectsChecks.All(rc.FileName, ReferenceFit.With(fit, randomEffects: new[] { table with { Modes = modes } }), rc.Ranef!).First();
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("mode[309,Days]", r.Detail);

        // Subject 333, Days: -0.1588 + 0.005 is 3% off, but within the floor 1e-3 * max|Days| = 1e-3 * 10.5994 = 0.0106.
        modes = (double[])table.Modes.Clone();
        modes[s333 * k + 1] += 0.005;
        r = RandomEffectsChecks.All(rc.FileName, ReferenceFit.With(fit, randomEffects: new[] { table with { Modes = modes } }), rc.Ranef!).First();
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Pass, r.Status);
        Assert.Contains("Days 0.0106", r.Detail);
    }

    [Fact]
    public void Ranef_of_two_terms_of_one_factor_match_lme4s_merged_group_in_either_order()
    {
        // (1|Subject) + (0+Days|Subject): lme4 reports one "Subject" group with both columns; we have two tables.
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_uncorr_REML.json");
        Assert.Equal(2, fit.RandomEffects.Count);
        Assert.Single(rc.Ranef!);
        var reversed = fit.RandomEffects.Reverse().ToList();
        var results = RandomEffectsChecks.All(rc.FileName, ReferenceFit.With(fit, randomEffects: reversed), rc.Ranef!).ToList();
        foreach (var r in results)
            _output.WriteLine(r.ToLine());
        Assert.Equal(new[] { "ranef/Subject/mode", "ranef/Subject/condsd" }, results.Select(r => r.Check));
        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
        Assert.All(results, r => Assert.Contains("36 values", r.Detail));
    }

    [Fact]
    public void Varcomp_of_a_second_term_of_a_factor_matches_lme4s_suffixed_group()
    {
        // lme4 labels the second Subject term "Subject.1"; ours are both "Subject".
        var (rc, _, fit) = ReferenceFit.Load("sleepstudy_uncorr_REML.json");
        var results = VarianceComponentChecks.All(rc.FileName, fit, rc.VarComp!).ToList();
        Assert.Equal(new[] { "varcomp/Subject", "varcomp/Subject.1", "varcomp/Residual" }, results.Select(r => r.Check));
        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
    }

    [Fact]
    public void All_zero_ranef_column_of_a_singular_fit_uses_1e3_sigma_as_floor()
    {
        // Dyestuff2 REML: theta = 0, so lme4's Batch modes are exactly 0; sigma = 3.71568427 -> floor 0.00371568.
        var (rc, _, fit) = ReferenceFit.Load("Dyestuff2_REML.json");
        var table = fit.RandomEffects[0];
        var small = table with { Modes = table.Modes.Select(_ => 0.003).ToArray() };
        var r = RandomEffectsChecks.All(rc.FileName, ReferenceFit.With(fit, randomEffects: new[] { small }), rc.Ranef!).First();
        _output.WriteLine(r.ToLine());
        Assert.Equal(CheckStatus.Pass, r.Status);
        Assert.Contains("(column all 0: 1e-3*sigma)", r.Detail);
        var large = table with { Modes = table.Modes.Select(_ => 0.004).ToArray() };
        Assert.Equal(CheckStatus.Fail, RandomEffectsChecks.All(rc.FileName, ReferenceFit.With(fit, randomEffects: new[] { large }), rc.Ranef!).First().Status);
    }
}
