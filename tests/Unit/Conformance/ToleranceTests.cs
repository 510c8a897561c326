using LmmPS.Conformance;

namespace LmmPS.Tests.Conformance;

/// <summary>The comparison rules, checked with numbers worked out by hand.</summary>
public class ToleranceTests
{
    [Fact]
    public void Relative_allowance_scales_with_the_reference_and_respects_the_floor()
    {
        // 1e-6 * 1751.9393444889909 = 0.0017519393444889909
        Assert.Equal(0.0017519393444889909, Tolerance.RelativeAllowance(1751.9393444889909, 1e-6), 15);
        // |ref| = 0: only the floor remains.
        Assert.Equal(0.01, Tolerance.RelativeAllowance(0, 1e-3, 0.01));
        // 1e-3 * |-40.0| = 0.04 beats the floor 0.01.
        Assert.Equal(0.04, Tolerance.RelativeAllowance(-40.0, 1e-3, 0.01), 15);
    }

    [Fact]
    public void Within_is_inclusive_and_never_passes_NaN_or_infinity()
    {
        Assert.True(Tolerance.Within(10.5, 10.0, 0.5));
        Assert.False(Tolerance.Within(10.5000001, 10.0, 0.5));
        Assert.True(Tolerance.Within(9.5, 10.0, 0.5));
        Assert.False(Tolerance.Within(double.NaN, 10.0, 1e300));
        Assert.False(Tolerance.Within(double.PositiveInfinity, 10.0, 1e300));
    }

    [Fact]
    public void Near_zero_allowance_is_absolute_below_the_threshold_and_relative_above()
    {
        // Dyestuff2: the Batch variance is exactly 0, so 1e-3 absolute applies.
        Assert.Equal(1e-3, Tolerance.NearZeroAllowance(0, 1e-3, 1e-3));
        Assert.Equal(1e-3, Tolerance.NearZeroAllowance(-0.0009, 1e-3, 1e-3));
        // InstEval dept:service variance 0.010943862: relative, 1e-3 * 0.010943862 = 1.0943862e-5.
        Assert.Equal(1.0943862e-5, Tolerance.NearZeroAllowance(0.010943862, 1e-3, 1e-3), 15);
    }

    [Fact]
    public void Column_floor_is_the_fraction_of_the_largest_absolute_value_ignoring_nulls()
    {
        // max |value| = |-10.599405364809865| (sleepstudy ML, Days mode of subject 335) -> floor 0.010599405364809865
        var column = new double?[] { 9.0755067775509666, -10.599405364809865, null, -0.158774669903466 };
        Assert.Equal(0.010599405364809865, Tolerance.ColumnFloor(column, 1e-3), 15);
        Assert.Equal(0, Tolerance.ColumnFloor(new double?[] { 0, 0, null }, 1e-3));
    }

    [Fact]
    public void Minimised_criterion_within_tolerance_passes_as_within()
    {
        // sleepstudy ML: tight optimum 1751.9393444631976 vs lme4 1751.9393444889909: diff -2.579e-8, allowance 1.75e-3.
        var c = Tolerance.CompareMinimised(1751.9393444631976, 1751.9393444889909, 1e-6);
        Assert.Equal(CriterionOutcome.Within, c.Outcome);
        Assert.True(c.Passed);
        Assert.Equal(-2.5793269742280245e-08, c.Difference, 12);
    }

    [Fact]
    public void Minimised_criterion_lower_than_the_reference_passes_as_better()
    {
        // 1000 - 0.01 = 999.99: beyond the allowance 1e-3, but lower, i.e. a better optimum.
        var c = Tolerance.CompareMinimised(999.99, 1000.0, 1e-6);
        Assert.Equal(CriterionOutcome.Better, c.Outcome);
        Assert.True(c.Passed);
        Assert.Equal(-0.01, c.Difference, 12);
        Assert.Equal(1e-3, c.Allowance, 15);
    }

    [Fact]
    public void Minimised_criterion_higher_than_the_reference_fails()
    {
        var c = Tolerance.CompareMinimised(1000.0011, 1000.0, 1e-6);
        Assert.Equal(CriterionOutcome.Worse, c.Outcome);
        Assert.False(c.Passed);
        Assert.False(Tolerance.CompareMinimised(double.NaN, 1000.0, 1e-6).Passed);
    }

    [Fact]
    public void Maximised_criterion_higher_passes_and_lower_fails()
    {
        // logLik -875.96 vs -875.97: ours higher by 0.01 = better.
        var better = Tolerance.CompareMaximised(-875.96, -875.97, 1e-6);
        Assert.Equal(CriterionOutcome.Better, better.Outcome);
        Assert.Equal(0.01, better.Difference, 10);
        var worse = Tolerance.CompareMaximised(-875.98, -875.97, 1e-6);
        Assert.Equal(CriterionOutcome.Worse, worse.Outcome);
        Assert.Equal(-0.01, worse.Difference, 10);
    }

    [Fact]
    public void Criterion_line_says_lower_by_for_a_better_objective()
    {
        var r = FitChecks.Criterion("x.json", "objective", 999.99, 1000.0, minimised: true, 1e-6, "");
        Assert.Equal(CheckStatus.Pass, r.Status);
        Assert.Contains("lower by 0.01", r.Detail);
        var worse = FitChecks.Criterion("x.json", "objective", 1000.01, 1000.0, minimised: true, 1e-6, "");
        Assert.Equal(CheckStatus.Fail, worse.Status);
        Assert.Contains("higher by 0.01", worse.Detail);
        Assert.StartsWith("FAIL x.json objective ours 1000.01 ref 1000 ", worse.ToLine());
    }

    [Fact]
    public void Element_comparer_reports_the_worst_element_missing_names_and_nulls()
    {
        var c = new ElementComparer();
        c.Add("a", 1.0005, 1.0, 1e-3);     // within: 5e-4 <= 1e-3
        c.Add("b", 2.003, 2.0, 1e-3);      // outside: 3e-3 > 1e-3
        c.Add("c", 5.0, null, 1e-3);       // NA in the reference: not compared
        var r = c.ToResult("f.json", "theta", "tol 1e-3 abs");
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains("1 of 2 outside tolerance", r.Detail);
        Assert.Contains("worst b: ours 2.003 ref 2", r.Detail);
        Assert.Contains("1 null reference values not compared", r.Detail);

        var ok = new ElementComparer();
        ok.Add("a", 1.0005, 1.0, 1e-3);
        Assert.Equal(CheckStatus.Pass, ok.ToResult("f.json", "theta", "").Status);
        ok.Missing("z");
        var missing = ok.ToResult("f.json", "theta", "");
        Assert.Equal(CheckStatus.Fail, missing.Status);
        Assert.Contains("missing in ours: z", missing.Detail);
    }

    [Fact]
    public void Element_comparer_with_nothing_compared_fails_unless_empty_is_expected()
    {
        Assert.Equal(CheckStatus.Fail, new ElementComparer().ToResult("f.json", "beta", "").Status);
        Assert.Equal(CheckStatus.Pass, new ElementComparer { EmptyIsExpected = true }.ToResult("f.json", "beta", "").Status);
    }
}
