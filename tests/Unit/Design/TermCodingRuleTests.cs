using LmmPS.Core.Design;
using static LmmPS.Tests.Design.FrameFactory;

namespace LmmPS.Tests.Design;

/// <summary>R's contrasts-or-indicators rule (terms.formula's factor codes 1 and 2) on factor-only formulas.</summary>
public class TermCodingRuleTests
{
    private static bool AllFactors(string name) => name != "x";

    [Fact]
    public void Main_effects_with_intercept_use_contrasts()
    {
        var codes = TermCodingRule.Decide(true, new[] { T("a"), T("b"), T("a", "b") }, AllFactors);
        Assert.Equal(new[] { new[] { true }, new[] { true }, new[] { true, true } }, codes);
    }

    [Fact]
    public void A_factor_whose_margin_is_inside_an_earlier_term_uses_contrasts()
    {
        // ~ a:b + a:c : in a:c, dropping c leaves {a}, which lies inside the earlier a:b, so c gets contrasts;
        // dropping a leaves {c}, which no earlier term contains, so a gets indicators.
        var codes = TermCodingRule.Decide(true, new[] { T("a", "b"), T("a", "c") }, AllFactors);
        Assert.Equal(new[] { false, false }, codes[0]);
        Assert.Equal(new[] { false, true }, codes[1]);
    }

    [Fact]
    public void Without_intercept_only_the_first_factor_loses_its_contrasts()
    {
        var codes = TermCodingRule.Decide(false, new[] { T("x"), T("a"), T("b") }, AllFactors);
        Assert.Equal(new[] { new[] { true }, new[] { false }, new[] { true } }, codes);
    }
}
