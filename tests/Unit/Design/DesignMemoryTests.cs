using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

/// <summary>Issue 17 items 8 and 9: a model too large to hold is refused with its size before it is built.</summary>
public class DesignMemoryTests
{
    /// <summary>A 100,000-level fixed factor on 100,000 rows: X would be 100,000 x 100,000 (1e10 values, 74.5 GiB),
    /// more than one array holds. Before: the coding built a 100,000 x 100,000 matrix, then X, and the fit ended in
    /// UnexpectedEngineError from an OutOfMemoryException.</summary>
    [Fact]
    public void A_100000_level_fixed_factor_is_refused_with_the_size_before_X_is_built()
    {
        const int n = 100_000;
        var levels = Enumerable.Range(0, n).Select(i => "L" + i).ToArray();
        var data = Frame(
            Numeric("y", Enumerable.Range(0, n).Select(i => (double)(i % 13)).ToArray()),
            new LmmPS.Core.Data.CategoricalColumn("f", Enumerable.Range(0, n).ToArray(), levels),
            Factor("g", new[] { "a", "b" }, Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));
        var e = Assert.Throws<LmmException>(() => DesignBuilder.Build(FormulaParser.Parse("y ~ f + (1 | g)"), data));
        Assert.Equal("ModelTooLarge", e.ErrorId);
        Assert.Equal(LmmErrorCategory.ResourceUnavailable, e.Category);
        // 1 + 99,999 columns on 100,000 rows = 10,000,000,000 values = 74.5 GiB (closed form).
        Assert.Contains("100,000 columns on 100,000 rows (10,000,000,000 values, 74.5 GiB)", e.Message);
        Assert.Contains("'f' gives 99,999", e.Message);
    }

    [Fact]
    public void A_design_within_the_memory_given_passes_and_one_beyond_it_is_refused()
    {
        var terms = new List<(string, long)> { ("(Intercept)", 1), ("f", 999) };
        // 1,000 rows x 1,000 columns, twice, plus 1,000^2: 3e6 values = 24,000,000 bytes.
        DesignMemory.EnsureFits(1_000, terms, "the fixed effects", 24_000_000);
        var e = Assert.Throws<LmmException>(() => DesignMemory.EnsureFits(1_000, terms, "the fixed effects", 23_999_999));
        Assert.Equal("ModelTooLarge", e.ErrorId);
    }

    /// <summary><c>y ~ x + (f | g)</c> with f of 300 levels has 300 x 301 / 2 = 45,150 theta elements: the optimizer's
    /// curvature matrices are 4 x 45,150^2 doubles (65.2 GB). Before, the estimate had no theta^2 part, the fit started,
    /// and Ctrl+C left it running for minutes.</summary>
    [Fact]
    public void A_300_level_factor_inside_a_random_term_is_refused_for_its_curvature_matrices()
    {
        const int n = 700, levels = 300;
        var fLevels = Enumerable.Range(0, levels).Select(i => "F" + i).ToArray();
        var data = Frame(
            Numeric("y", Enumerable.Range(0, n).Select(i => Math.Sin(i) + (i % 5)).ToArray()),
            Numeric("x", Enumerable.Range(0, n).Select(i => (double)(i % 11)).ToArray()),
            Factor("f", fLevels, Enumerable.Range(0, n).Select(i => fLevels[i % levels]).ToArray()),
            Factor("g", new[] { "a", "b" }, Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));
        var design = DesignBuilder.Build(FormulaParser.Parse("y ~ x + (f | g)"), data);
        Assert.Equal(45_150, design.ThetaCount);
        Assert.Equal(4L * 45_150 * 45_150, ModelMemory.CurvatureValues(design));
        var e = Assert.Throws<LmmException>(() => ModelMemory.EnsureFits(design, design.FixedEffectCount + 1, 0, 16L << 30));
        Assert.Equal("ModelTooLarge", e.ErrorId);
        Assert.Contains("45,150 x 45,150", e.Message);
        Assert.Contains("| g' with 300 columns (45,150 covariance parameters)", e.Message);
    }
}
