using LmmPS.Core.Common;
using LmmPS.Core.Fitting;

namespace LmmPS.Tests.Hardening;

/// <summary>Issue 17 items 3 and 4, through the CSV -> formula -> design -> fit path. Before: a response constant
/// within Subject fitted silently (objective -3611.5, sigma 2e-6, Converged); (1 + Days + Days2 | Subject) with
/// Days2 = 2 Days and a constant slope column reported arbitrary variances with no warning and Singular = False.</summary>
public class DegenerateRandomEffectsTests
{
    /// <summary>sleepstudy with extra columns computed per row: Days2 = 2 Days, Five = 5, SubjectMean = the mean
    /// Reaction of the row's Subject, Noise = a fixed pseudo-random value.</summary>
    private static string Sleepstudy()
    {
        var lines = Pipeline.DataFile("sleepstudy").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        int reaction = Array.IndexOf(header, "Reaction"), days = Array.IndexOf(header, "Days"), subject = Array.IndexOf(header, "Subject");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var means = rows.GroupBy(r => r[subject]).ToDictionary(g => g.Key, g => g.Average(r => double.Parse(r[reaction], inv)));
        var text = new System.Text.StringBuilder(lines[0] + ",Days2,Five,SubjectMean\n");
        foreach (var r in rows)
            text.Append(string.Join(",", r)).Append(',')
                .Append((2 * double.Parse(r[days], inv)).ToString("R", inv)).Append(",5,")
                .Append(means[r[subject]].ToString("R", inv)).Append('\n');
        return text.ToString();
    }

    [Theory]
    [InlineData("SubjectMean ~ Days + (1 | Subject)")]
    [InlineData("SubjectMean ~ 1 + (Days | Subject)")]
    public void A_response_constant_within_the_groups_of_a_random_intercept_is_refused_naming_the_factor(string formula)
    {
        var e = Assert.Throws<LmmException>(() => Pipeline.Fit(formula, Sleepstudy()));
        Assert.Equal("ResponseConstantWithinGroups", e.ErrorId);
        Assert.Contains("constant within every level of 'Subject' (18 levels)", e.Message);
        Assert.Equal("Subject", e.Column);
    }

    [Fact]
    public void The_same_response_with_a_random_slope_only_is_not_refused()
    {
        // (0 + Days | Subject) cannot reproduce a per-subject constant, so the model is proper.
        var fit = Pipeline.Fit("SubjectMean ~ 1 + (0 + Days | Subject)", Sleepstudy());
        Assert.True(fit.Sigma > 1, $"sigma {fit.Sigma}");
    }

    [Theory]
    [InlineData("Reaction ~ Days + (1 + Days + Days2 | Subject)", "Days2 is a combination")]
    [InlineData("Reaction ~ Days + (1 + Five | Subject)", "Five is a combination")]
    public void Random_effects_columns_dependent_within_every_level_are_named_in_a_warning(string formula, string expected)
    {
        var design = Pipeline.BuildDesign(formula, Sleepstudy());
        Assert.Contains(design.Warnings, w => w.Contains(expected, StringComparison.Ordinal) && w.Contains("not identifiable", StringComparison.Ordinal));
        var fit = LmmFitter.Fit(design, new FitOptions { MaxEvaluations = 2000 });
        Assert.Contains(fit.Warnings, w => w.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Independent_random_effects_columns_give_no_such_warning()
    {
        var design = Pipeline.BuildDesign("Reaction ~ Days + (Days | Subject)", Sleepstudy());
        Assert.Empty(design.Warnings);
    }
}
