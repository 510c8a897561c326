using LmmPS.Core.Design;

namespace LmmPS.Tests.Design;

/// <summary>Every lme4 reference file: the design built from its data and formula must have lme4's fixed-effect
/// columns, grouping factors (order and level counts), term columns, level order and theta names.</summary>
public class ReferenceDesignTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in ReferenceCase.AllFiles())
            data.Add(f);
        return data;
    }

    private static (ReferenceCase Case, ModelDesign Design) Build(string file)
    {
        var reference = ReferenceCase.Load(file);
        var design = DesignBuilder.Build(ReferenceCase.FormulaFor(reference.FormulaText), DesignTestData.Load(reference.Dataset));
        return (reference, design);
    }

    [Fact]
    public void Reference_folder_holds_the_expected_cases()
    {
        // Guards the theories below against silently running on an empty folder.
        Assert.True(ReferenceCase.AllFiles().Count() >= 19);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixed_effect_columns_match_lme4(string file)
    {
        var (reference, design) = Build(file);
        Assert.Equal(reference.FixefColumns, design.FixedEffectNames);
        Assert.Empty(design.DroppedFixedEffects);
        Assert.Equal(reference.P, design.FixedEffectCount);
        Assert.Equal(reference.N, design.RowCount);
        Assert.Equal(0, design.RowsDropped);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Random_terms_come_in_lme4_order_with_lme4_columns(string file)
    {
        var (reference, design) = Build(file);
        Assert.Equal(reference.ReTerms.Select(t => t.Group), design.RandomTerms.Select(t => t.Group));
        for (int i = 0; i < reference.ReTerms.Length; i++)
            Assert.Equal(reference.ReTerms[i].Columns, design.RandomTerms[i].ColumnNames);
        Assert.Equal(reference.Q, design.RandomEffectCount);
        var levelCounts = design.RandomTerms.GroupBy(t => t.Group).Select(g => (g.Key, g.First().LevelCount));
        Assert.Equal(reference.GroupingFactors, levelCounts);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Theta_names_match_lme4(string file)
    {
        var (reference, design) = Build(file);
        Assert.Equal(reference.ThetaNames, design.ThetaNames);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Grouping_levels_come_in_the_order_of_lme4_ranef(string file)
    {
        var (reference, design) = Build(file);
        foreach (var term in design.RandomTerms)
            Assert.Equal(reference.RanefLevels[term.Group], term.Levels);
    }
}
