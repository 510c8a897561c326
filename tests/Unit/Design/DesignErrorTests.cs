using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

/// <summary>Every error a user can cause while building the design: id, location and message content.</summary>
public class DesignErrorTests
{
    private static RandomTerm Intercept(string group, int position) => R(true, Array.Empty<ModelTerm>(), new[] { group }, position);

    private static LmmException Fails(Formula formula, DataFrame data) =>
        Assert.Throws<LmmException>(() => DesignBuilder.Build(formula, data));

    [Fact]
    public void Unknown_variable_differing_only_in_case_suggests_that_column()
    {
        var f = F("Reaction ~ days + (1 | Subject)", "Reaction", true, new[] { T("days") }, Intercept("Subject", 18));
        var e = Fails(f, DesignTestData.Load("sleepstudy"));
        Assert.Equal("ColumnNotFound", e.ErrorId);
        Assert.Equal(LmmErrorCategory.ObjectNotFound, e.Category);
        Assert.Equal("days", e.Column);
        Assert.Equal(11, e.Position);
        Assert.Contains("'days'", e.Message);
        Assert.Contains("Did you mean 'Days'?", e.Message);
    }

    [Fact]
    public void Unknown_variable_suggests_the_nearest_column_by_edit_distance()
    {
        var f = F("Reacton ~ Days + (1 | Subject)", "Reacton", true, new[] { T("Days") }, Intercept("Subject", 17));
        var e = Fails(f, DesignTestData.Load("sleepstudy"));
        Assert.Equal("ColumnNotFound", e.ErrorId);
        Assert.Equal("Reacton", e.Column);
        Assert.Equal(0, e.Position);
        Assert.Contains("Did you mean 'Reaction'?", e.Message);
    }

    [Fact]
    public void Unknown_grouping_variable_is_located_in_the_formula()
    {
        var f = F("Reaction ~ Days + (1 | Subjekt)", "Reaction", true, new[] { T("Days") }, Intercept("Subjekt", 18));
        var e = Fails(f, DesignTestData.Load("sleepstudy"));
        Assert.Equal("ColumnNotFound", e.ErrorId);
        Assert.Equal(23, e.Position);
        Assert.Contains("'Subject'", e.Message);
    }

    [Fact]
    public void Edit_distance_is_levenshtein()
    {
        Assert.Equal(3, ColumnResolver.EditDistance("kitten", "sitting"));
        Assert.Equal(0, ColumnResolver.EditDistance("", ""));
        Assert.Equal(4, ColumnResolver.EditDistance("", "abcd"));
        Assert.Equal("Days", ColumnResolver.NearestName("DAYS", new[] { "Dayz", "Days" }));
    }

    [Fact]
    public void Categorical_response_is_rejected()
    {
        var f = F("Subject ~ Days + (1 | Subject)", "Subject", true, new[] { T("Days") }, Intercept("Subject", 17));
        var e = Fails(f, DesignTestData.Load("sleepstudy"));
        Assert.Equal("NonNumericResponse", e.ErrorId);
        Assert.Equal("Subject", e.Column);
        Assert.Equal(0, e.Position);
        Assert.Contains("'Subject' is categorical", e.Message);
        Assert.Contains("'308'", e.Message);
    }

    /// <summary>Issue 17 item 10: the message names the first value that is not a number and its 1-based row, not
    /// the first levels in sorted order (which were numbers here and said nothing).</summary>
    [Fact]
    public void Categorical_response_names_its_first_non_number_and_row()
    {
        var data = Frame(
            Factor("y", new[] { "1.5", "2", "3", "n/a", "oops" }, "2", "3", "1.5", "oops", "2", "n/a"),
            Numeric("x", 1, 2, 3, 4, 5, 6),
            Factor("g", new[] { "u", "v" }, "u", "u", "u", "v", "v", "v"));
        var f = F("y ~ x + (1 | g)", "y", true, new[] { T("x") }, Intercept("g", 8));
        var e = Fails(f, data);
        Assert.Equal("NonNumericResponse", e.ErrorId);
        Assert.Equal(4, e.Row);
        Assert.Contains("'y' is categorical", e.Message);
        Assert.Contains("'oops' in row 4 (2 of the 6 rows are not numbers)", e.Message);
    }

    [Fact]
    public void No_complete_row_is_reported_with_missing_counts()
    {
        var data = Frame(
            Numeric("y", 1, double.NaN, 3),
            Numeric("x", double.NaN, 2, double.NaN),
            Factor("g", new[] { "a", "b" }, "a", "b", "a"));
        var f = F("y ~ x + (1 | g)", "y", true, new[] { T("x") }, Intercept("g", 8));
        var e = Fails(f, data);
        Assert.Equal("NoCompleteRows", e.ErrorId);
        Assert.Equal("x", e.Column);
        Assert.Contains("'y' 1 of 3", e.Message);
        Assert.Contains("'x' 2 of 3", e.Message);
    }

    [Fact]
    public void Fixed_factor_with_one_level_in_the_rows_used_is_rejected()
    {
        // Level "b" occurs only in the row whose y is missing, so f has one level left.
        var data = Frame(
            Numeric("y", 1, 2, 3, double.NaN, 5),
            Factor("f", new[] { "a", "b" }, "a", "a", "a", "b", "a"),
            Factor("g", new[] { "u", "v" }, "u", "v", "u", "v", "v"));
        var f = F("y ~ f + (1 | g)", "y", true, new[] { T("f") }, Intercept("g", 8));
        var e = Fails(f, data);
        Assert.Equal("FactorWithOneLevel", e.ErrorId);
        Assert.Equal("f", e.Column);
        Assert.Equal(4, e.Position);
        Assert.Contains("only the level 'a'", e.Message);
        Assert.Contains("fixed effects", e.Message);
    }

    [Fact]
    public void Grouping_factor_with_one_level_is_rejected()
    {
        var data = Frame(Numeric("y", 1, 2, 3), Factor("g", new[] { "a", "b" }, "a", "a", "a"));
        var f = F("y ~ 1 + (1 | g)", "y", true, Array.Empty<ModelTerm>(), Intercept("g", 8));
        var e = Fails(f, data);
        Assert.Equal("GroupingFactorTooFewLevels", e.ErrorId);
        Assert.Equal("g", e.Column);
        Assert.Equal(8, e.Position);
        Assert.Contains("has 1 level (only 'a') in the 3 rows used", e.Message);
    }

    [Fact]
    public void Grouping_factor_with_a_level_per_row_is_rejected()
    {
        var data = Frame(Numeric("y", 1, 2, 3), Factor("id", new[] { "a", "b", "c" }, "a", "b", "c"));
        var f = F("y ~ 1 + (1 | id)", "y", true, Array.Empty<ModelTerm>(), Intercept("id", 8));
        var e = Fails(f, data);
        Assert.Equal("GroupingFactorTooManyLevels", e.ErrorId);
        Assert.Equal("id", e.Column);
        Assert.Equal(8, e.Position);
        Assert.Contains("has 3 levels for 3 rows used", e.Message);
    }

    [Fact]
    public void Vector_term_with_as_many_random_effects_as_rows_is_rejected()
    {
        // 2 levels x 2 columns = 4 random effects for 4 rows: lme4 stops (number of observations <= number of random effects).
        var data = Frame(Numeric("y", 1, 2, 3, 4), Numeric("x", 1, 2, 3, 5), Factor("g", new[] { "a", "b" }, "a", "a", "b", "b"));
        var f = F("y ~ 1 + (x | g)", "y", true, Array.Empty<ModelTerm>(), R(true, new[] { T("x") }, new[] { "g" }, 8));
        var e = Fails(f, data);
        Assert.Equal("TooManyRandomEffects", e.ErrorId);
        Assert.Equal("g", e.Column);
        Assert.Equal(8, e.Position);
        Assert.Contains("4 random effects (2 levels x 2 columns) for 4 rows used", e.Message);
    }

    [Fact]
    public void Random_term_without_columns_is_rejected()
    {
        var data = Frame(Numeric("y", 1, 2, 3, 4), Factor("g", new[] { "a", "b" }, "a", "a", "b", "b"));
        var f = F("y ~ 1 + (0 | g)", "y", true, Array.Empty<ModelTerm>(), R(false, Array.Empty<ModelTerm>(), new[] { "g" }, 8));
        var e = Fails(f, data);
        Assert.Equal("EmptyRandomTerm", e.ErrorId);
        Assert.Equal(8, e.Position);
        Assert.Contains("'g' at formula position 8", e.Message);
    }

    [Fact]
    public void Random_left_side_factor_with_one_level_is_rejected()
    {
        var data = Frame(Numeric("y", 1, 2, 3, 4, 5), Factor("f", new[] { "p", "q" }, "p", "p", "p", "p", "p"),
            Factor("g", new[] { "a", "b" }, "a", "a", "b", "b", "b"));
        var f = F("y ~ 1 + (f | g)", "y", true, Array.Empty<ModelTerm>(), R(true, new[] { T("f") }, new[] { "g" }, 8));
        var e = Fails(f, data);
        Assert.Equal("FactorWithOneLevel", e.ErrorId);
        Assert.Equal("f", e.Column);
        Assert.Contains("random-effects term at formula position 8", e.Message);
    }
}
