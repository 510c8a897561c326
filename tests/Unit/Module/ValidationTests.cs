using System.Management.Automation;
using System.Text.Json;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Module;

/// <summary>Argument checks the cmdlets make before calling the engine, and how engine errors map to PowerShell.</summary>
public class ValidationTests
{
    [Fact]
    public void Theta_of_the_wrong_length_lists_the_names_in_order()
    {
        var design = SleepstudyFixture.Design();
        var ex = Assert.Throws<LmmException>(() => ThetaValidator.Check(design, new[] { 1.0, 0.0 }, "-Theta"));
        Assert.Equal("ThetaLengthMismatch", ex.ErrorId);
        Assert.Equal(LmmErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains("-Theta has 2 value(s)", ex.Message);
        Assert.Contains("3 covariance parameter(s), in this order: Subject.(Intercept), Subject.Days.(Intercept), Subject.Days", ex.Message);
        ThetaValidator.Check(design, new[] { 1.0, 0.0, 1.0 }, "-Theta");
    }

    [Fact]
    public void Theta_with_a_non_finite_value_names_the_element()
    {
        var design = SleepstudyFixture.Design();
        var ex = Assert.Throws<LmmException>(() => ThetaValidator.Check(design, new[] { 1.0, double.NaN, 1.0 }, "-StartTheta"));
        Assert.Equal("InvalidThetaValue", ex.ErrorId);
        Assert.Contains("-StartTheta[1] (Subject.Days.(Intercept)) is NaN", ex.Message);
    }

    /// <summary>Every reference case with profile intervals: our parameter names are lme4's, in lme4's order.</summary>
    [Fact]
    public void Profile_parameter_names_match_lme4_confint_for_every_reference_case()
    {
        int checkedCases = 0;
        foreach (var file in ModulePaths.ReferenceFiles())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var r = doc.RootElement;
            if (!r.TryGetProperty("profile_ci", out var ci) || ci.ValueKind != JsonValueKind.Object || !r.TryGetProperty("design", out var d))
                continue;
            var terms = d.GetProperty("re_terms").EnumerateArray().Select(t => new RandomEffectsTerm(
                t.GetProperty("group").GetString()!, new[] { "a" }, new[] { 0 }, t.GetProperty("columns").GetArrayLength(),
                new double[t.GetProperty("columns").GetArrayLength()], t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList())).ToList();
            var fixedNames = d.GetProperty("fixef_columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            var design = new ModelDesign(new Formula("y ~ 1", "y", true, Array.Empty<ModelTerm>(), Array.Empty<RandomTerm>()),
                new[] { 0.0 }, new double[fixedNames.Count], fixedNames, Array.Empty<string>(), terms, new[] { 0 }, 0);
            var expected = ci.GetProperty("parameter").EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.Equal(expected, ProfileParameterNames.For(design));
            checkedCases++;
        }
        Assert.True(checkedCases >= 5, $"only {checkedCases} reference cases had profile intervals");
    }

    [Fact]
    public void An_unknown_profile_parameter_is_ParameterNotFound_listing_the_valid_ones()
    {
        var design = SleepstudyFixture.Design();
        ProfileParameterNames.CheckSelection(design, new[] { "sigma", "Days", "cor_Days.(Intercept)|Subject" });
        var ex = Assert.Throws<LmmException>(() => ProfileParameterNames.CheckSelection(design, new[] { "sd_Days" }));
        Assert.Equal("ParameterNotFound", ex.ErrorId);
        Assert.Contains("'sd_Days'", ex.Message);
        Assert.Contains("sd_Days|Subject", ex.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(95.0)]
    [InlineData(double.NaN)]
    public void A_confidence_level_outside_0_1_is_InvalidLevel(double level)
    {
        var ex = Assert.Throws<LmmException>(() => ProfileParameterNames.CheckLevel(level));
        Assert.Equal("InvalidLevel", ex.ErrorId);
    }

    [Fact]
    public void Every_engine_error_category_maps_to_the_powershell_category_of_the_same_name()
    {
        foreach (LmmErrorCategory category in Enum.GetValues(typeof(LmmErrorCategory)))
            Assert.Equal(category.ToString(), ErrorCategoryMap.ToErrorCategory(category).ToString());
        Assert.Equal(ErrorCategory.NotSpecified, ErrorCategoryMap.ToErrorCategory((LmmErrorCategory)999));
    }

    [Fact]
    public void The_error_target_is_the_file_then_the_column_then_the_fallback()
    {
        var both = new LmmException("X", LmmErrorCategory.InvalidData, "m") { Path = "a.csv", Column = "c" };
        var column = new LmmException("X", LmmErrorCategory.InvalidData, "m") { Column = "c" };
        var none = new LmmException("X", LmmErrorCategory.InvalidData, "m");
        Assert.Equal("a.csv", ErrorCategoryMap.TargetOf(both, "f"));
        Assert.Equal("c", ErrorCategoryMap.TargetOf(column, "f"));
        Assert.Equal("f", ErrorCategoryMap.TargetOf(none, "f"));
    }

    [Fact]
    public void Gradient_rows_compute_errors_and_pass_against_the_tolerance()
    {
        var row = new LmmGradientRow("Subject.Days", 0.23, analytic: 31.2915, finiteDifference: 31.29149004053033, tolerance: 1e-4);
        Assert.Equal(Math.Abs(31.2915 - 31.29149004053033), row.AbsoluteError, 15);
        Assert.Equal(row.AbsoluteError / 31.29149004053033, row.RelativeError, 15);
        Assert.True(row.Passed);
        var small = new LmmGradientRow("t", 1, analytic: 0.002, finiteDifference: 0.0003, tolerance: 1e-3);
        Assert.Equal(0.0017, small.RelativeError, 15); // divided by max(1, |fd|) = 1
        Assert.False(small.Passed);
    }
}
