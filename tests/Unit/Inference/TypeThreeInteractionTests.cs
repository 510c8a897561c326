using System.Text.Json;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Core.Inference;
using LmmPS.Conformance;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Inference;

/// <summary>Type III F tests of models with interactions against lmerTest 3.1-3's anova(fit, type = 3) (Satterthwaite)
/// and anova(fit, type = 3, ddf = "Kenward-Roger") (pbkrtest 0.5.2), computed by tests/data/inference/type3_interactions.R
/// at a tightly converged optimum; evaluated here at that optimum's theta, as the other inference tests are.</summary>
public class TypeThreeInteractionTests
{
    public static TheoryData<int, string> Cases => new()
    {
        { 0, "Satterthwaite" }, { 0, "KenwardRoger" },
        { 1, "Satterthwaite" }, { 1, "KenwardRoger" },
        { 2, "Satterthwaite" }, { 2, "KenwardRoger" },
    };

    private static (JsonElement Case, ModelDesign Design) Load(int index)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.File(Path.Combine("inference", "type3_interactions.json"))));
        var root = document.RootElement.Clone();
        string path = TestData.File(root.GetProperty("data_file").GetString()!);
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        var c = root.GetProperty("cases")[index];
        var design = DesignBuilder.Build(FormulaParser.Parse(c.GetProperty("formula").GetString()!), data);
        return (c, design);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Type_III_table_with_interactions_matches_lmerTest(int index, string methodName)
    {
        var method = Enum.Parse<DegreesOfFreedomMethod>(methodName);
        var (c, design) = Load(index);
        Assert.Equal(c.GetProperty("beta_names").EnumerateArray().Select(e => e.GetString()), design.FixedEffectNames);
        var theta = c.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = FixedEffectInference.At(design, theta, EstimationMethod.REML, method).TypeThree();
        var expected = c.GetProperty(method == DegreesOfFreedomMethod.KenwardRoger ? "anova_type3_kr" : "anova_type3").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            string what = $"{c.GetProperty("formula").GetString()} {methodName} {rows[i].Term}";
            Assert.Equal(expected[i].GetProperty("term").GetString(), rows[i].Term);
            Assert.Equal(expected[i].GetProperty("numdf").GetInt32(), rows[i].NumDF);
            InferenceCase.Close(expected[i].GetProperty("F").GetDouble(), rows[i].F, 1e-6, what + " F");
            InferenceCase.Close(expected[i].GetProperty("dendf").GetDouble(), rows[i].DenDF, 1e-6, what + " dendf");
            InferenceCase.Close(expected[i].GetProperty("sumsq").GetDouble(), rows[i].SumSq, 1e-6, what + " sumsq");
            InferenceCase.CloseP(expected[i].GetProperty("p").GetDouble(), rows[i].PValue, 1e-6, what + " p");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Hypotheses_are_lmerTests_get_contrasts_type3(int index)
    {
        var (c, design) = Load(index);
        var ours = TypeThreeHypotheses.For(design);
        var recorded = c.GetProperty("hypotheses").EnumerateArray().ToArray();
        Assert.Equal(recorded.Length, ours.Count);
        for (int i = 0; i < recorded.Length; i++)
        {
            Assert.Equal(recorded[i].GetProperty("term").GetString(), ours[i].Term);
            var l = InferenceCase.Matrix(recorded[i].GetProperty("L"));
            Assert.Equal(l.GetLength(0), ours[i].L.GetLength(0));
            for (int r = 0; r < l.GetLength(0); r++)
                for (int col = 0; col < l.GetLength(1); col++)
                    Assert.Equal(l[r, col], ours[i].L[r, col], 12);
        }
    }

    [Fact]
    public void An_interaction_with_an_ordered_factor_is_refused_by_name()
    {
        string path = TestData.File(Path.Combine("inference", "sleepstudy_parity.csv"));
        var options = ColumnSchema.OptionsFor(path);
        var kinds = new Dictionary<string, ColumnKind>(options.ColumnKinds!, StringComparer.Ordinal) { ["period"] = ColumnKind.OrderedCategorical };
        var data = CsvDataReader.ReadFile(path, new DataReadOptions { ColumnKinds = kinds, LevelOrders = options.LevelOrders });
        var design = DesignBuilder.Build(FormulaParser.Parse("Reaction ~ Days * period + (1 | Subject)"), data);
        var e = Assert.Throws<LmmPS.Core.Common.LmmException>(() => TypeThreeHypotheses.For(design));
        Assert.Equal("TypeThreeNotImplemented", e.ErrorId);
        Assert.Contains("'period' is coded by contr.poly", e.Message);
    }
}
