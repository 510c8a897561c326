using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Profiling;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Profiling;

/// <summary>Profiles on the sparse trailing factor: the same intervals and traces as on the dense kind (which the
/// conformance runner checks against lme4's confint(profile)), for a partially crossed design whose fit the automatic
/// choice puts on the sparse kind, and for Penicillin forced sparse (its intervals against lme4's profile_ci).</summary>
public class SparseProfileTests(ITestOutputHelper output)
{
    private static ProfileResult Profile(ModelDesign design, EstimationMethod method, TrailingFactorKind kind, IReadOnlyList<string>? parameters = null)
    {
        var fit = LmmFitter.Fit(design, new FitOptions { Method = method, Kernels = new KernelOptions { TrailingFactor = kind } });
        var profile = LmmProfiler.Profile(fit, new ProfileOptions { TrailingFactor = kind, Parameters = parameters, MaxDegreeOfParallelism = 2 });
        // The kind asked for is the kind the profile's models ran on (Automatic: the fit's own choice).
        Assert.Equal(kind == TrailingFactorKind.Automatic ? new LinearMixedModel(design).Factor.Kind : kind, profile.TrailingFactor);
        return profile;
    }

    private static void SameIntervals(ProfileResult dense, ProfileResult sparse, double relative)
    {
        var expected = dense.Intervals.Where(i => i.Method == "profile").ToList();
        var actual = sparse.Intervals.Where(i => i.Method == "profile").ToDictionary(i => i.Parameter);
        Assert.NotEmpty(expected);
        foreach (var e in expected)
        {
            var a = actual[e.Parameter];
            foreach (var (x, y, what) in new[] { (e.Lower, a.Lower, "lower"), (e.Upper, a.Upper, "upper"), (e.Estimate, a.Estimate, "estimate") })
                Assert.True(Math.Abs(x - y) <= relative * Math.Max(1.0, Math.Abs(x)),
                    $"{e.Parameter} {what}: dense {x:R}, sparse {y:R}");
        }
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void A_partially_crossed_design_profiles_the_same_on_both_kinds(EstimationMethod method)
    {
        // 600 later levels, locally crossed: the automatic choice is the sparse kind (asserted, so the test keeps
        // testing what it says if the crossover moves).
        var design = SparseTrailingFactorTests.Schools(pupils: 2000, pupilsPerSchool: 10, neighbourhoods: 400, seed: 13);
        Assert.Equal(TrailingFactorKind.Sparse, new LinearMixedModel(design).Factor.Kind);
        var parameters = new[] { "sd_(Intercept)|nbhd", "sigma", "x" };
        var dense = Profile(design, method, TrailingFactorKind.Dense, parameters);
        var sparse = Profile(design, method, TrailingFactorKind.Automatic, parameters);
        Assert.Equal(dense.MinimumDeviance, sparse.MinimumDeviance, 1e-8 * Math.Abs(dense.MinimumDeviance));
        SameIntervals(dense, sparse, 1e-6);
    }

    [Theory]
    [InlineData("Penicillin_ML.json")]
    [InlineData("Pastes_REML.json")]
    [InlineData("sleepstudy_uncorr_REML.json")]
    public void Reference_cases_forced_sparse_give_lme4s_profile_intervals(string file)
    {
        // lme4 1.1-31 confint(profile(fit)) (tests/data/reference); every later term of these models has one column,
        // so they can be forced onto the sparse kind.
        using var doc = TestData.Reference(file);
        var method = doc.RootElement.GetProperty("method").GetString() == "ML" ? EstimationMethod.ML : EstimationMethod.REML;
        var design = DevfunPointTests.DesignFor(file);
        var sparse = Profile(design, method, TrailingFactorKind.Sparse);
        ProfileIntervalAssert.MatchConfint(doc.RootElement, sparse, output);
        SameIntervals(Profile(design, method, TrailingFactorKind.Dense), sparse, 1e-6);
    }
}
