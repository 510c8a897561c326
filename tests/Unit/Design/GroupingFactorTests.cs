using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

public class GroupingFactorTests
{
    [Fact]
    public void Interaction_levels_are_the_combinations_present_first_factor_slowest_in_declared_level_order()
    {
        // a's declared order is 2, 1, 3 (not sorted); the combinations present are 1:x, 1:y, 2:x, 3:y.
        // lme4's %i% ranks them by index(a) * nlevels(b) + index(b): 2:x (0), 1:x (2), 1:y (3), 3:y (5).
        var data = Frame(
            Numeric("y", 1, 2, 3, 4, 5, 6, 7, 8),
            Factor("a", new[] { "2", "1", "3" }, "1", "1", "2", "2", "3", "1", "2", "3"),
            Factor("b", new[] { "x", "y" }, "x", "y", "x", "x", "y", "y", "x", "y"));
        var f = F("y ~ 1 + (1 | a:b)", "y", true, Array.Empty<ModelTerm>(), R(true, Array.Empty<ModelTerm>(), new[] { "a", "b" }, 8));
        var term = Assert.Single(DesignBuilder.Build(f, data).RandomTerms);
        Assert.Equal("a:b", term.Group);
        Assert.Equal(new[] { "2:x", "1:x", "1:y", "3:y" }, term.Levels);
        Assert.Equal(new[] { 1, 2, 0, 0, 3, 2, 0, 3 }, term.LevelIndex);
    }

    [Fact]
    public void Three_way_interaction_nests_left_to_right()
    {
        var data = Frame(
            Numeric("y", 1, 2, 3, 4, 5),
            Factor("a", new[] { "p", "q" }, "q", "p", "p", "q", "p"),
            Factor("b", new[] { "r", "s" }, "r", "s", "r", "r", "s"),
            Factor("c", new[] { "t", "u" }, "t", "u", "u", "t", "t"));
        var f = F("y ~ 1 + (1 | a:b:c)", "y", true, Array.Empty<ModelTerm>(), R(true, Array.Empty<ModelTerm>(), new[] { "a", "b", "c" }, 8));
        var term = Assert.Single(DesignBuilder.Build(f, data).RandomTerms);
        Assert.Equal("a:b:c", term.Group);
        Assert.Equal(new[] { "p:r:u", "p:s:t", "p:s:u", "q:r:t" }, term.Levels);
        Assert.Equal(new[] { 3, 2, 0, 3, 1 }, term.LevelIndex);
    }

    [Fact]
    public void Pastes_batch_cask_levels_follow_lme4_ranef()
    {
        var design = DesignBuilder.Build(ReferenceCase.FormulaFor("strength ~ 1 + (1 | batch) + (1 | batch:cask)"), DesignTestData.Load("Pastes"));
        var term = design.RandomTerms[0];
        Assert.Equal("batch:cask", term.Group);
        Assert.Equal(30, term.LevelCount);
        Assert.Equal(new[] { "A:a", "A:b", "A:c", "B:a" }, term.Levels.Take(4));
        // Pastes' own sample column is batch:cask written out, so it must name each row's level.
        string[] sample = DesignTestData.RawField("Pastes", "sample");
        for (int i = 0; i < design.RowCount; i++)
            Assert.Equal(sample[i], term.Levels[term.LevelIndex[i]]);
    }

    [Fact]
    public void Numeric_grouping_variable_becomes_a_factor_with_sorted_values_named_as_R_prints_them()
    {
        var data = Frame(
            Numeric("y", 1, 2, 3, 4, 5, 6),
            Numeric("g", 10, 2.5, 100000, 2.5, 10, 100000));
        var f = F("y ~ 1 + (1 | g)", "y", true, Array.Empty<ModelTerm>(), R(true, Array.Empty<ModelTerm>(), new[] { "g" }, 8));
        var term = Assert.Single(DesignBuilder.Build(f, data).RandomTerms);
        Assert.Equal(new[] { "2.5", "10", "1e+05" }, term.Levels);
        Assert.Equal(new[] { 1, 0, 2, 0, 1, 2 }, term.LevelIndex);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(-3.0, "-3")]
    [InlineData(100000.0, "1e+05")]
    [InlineData(123456.0, "123456")]
    [InlineData(0.0001, "1e-04")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.0 / 3.0, "0.333333333333333")]
    [InlineData(1e-20, "1e-20")]
    [InlineData(123456789012.0, "123456789012")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0, "0")]
    public void Numbers_are_labelled_like_R_as_character(double value, string expected)
    {
        Assert.Equal(expected, RNumberFormat.Format(value));
    }
}
