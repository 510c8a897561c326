using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Conformance;

/// <summary>Reading the reference files and column schemas; expected values are those printed in
/// tests/data/reference/INDEX.md and the schemas.</summary>
public class ReferenceCaseTests
{
    [Fact]
    public void Sleepstudy_ML_fields_are_read_by_name_with_full_precision()
    {
        var rc = ReferenceCase.Load(ConformanceTestData.Reference("sleepstudy_ML.json"));
        Assert.Equal("data/sleepstudy.csv", rc.DataFile);
        Assert.Equal("Reaction ~ Days + (Days | Subject)", rc.Formula);
        Assert.Equal(EstimationMethod.ML, rc.Method);
        Assert.False(rc.IsBlme);
        Assert.Equal(1751.9393444889909, rc.Objective);
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days" }, rc.Theta!.Select(t => t.Name));
        Assert.Equal(0.92919060527824848, rc.Theta![0].Value);
        Assert.Equal(10.467285959595767, rc.Beta!.Single(b => b.Name == "Days").Value);
        Assert.Equal(1.5022302138320407, rc.BetaSE!.Single(b => b.Name == "Days").Value);
        Assert.Equal(180, rc.RowCount);
        Assert.Equal(36, rc.RandomEffectCount);
        Assert.Equal(new[] { "optimum", "start", "perturbed" }, rc.DevfunPoints!.Select(p => p.Label));
        Assert.Equal(1784.6422961924472, rc.DevfunPoints![1].Value);
        Assert.Equal(new double?[] { 1, 0, 1 }, rc.DevfunPoints![1].Theta);
        Assert.True(rc.DevfunPoints!.All(p => p.HasGradient));
        Assert.Equal(1751.9393444631976, rc.TightOptimum!.Objective);
        Assert.Equal(1751.9393444889909, rc.TightOptimum!.ObjectiveLme4Default);
        Assert.True(rc.HasProfileCi);
        var subject = rc.VarComp![0];
        Assert.Equal(0.081321093426634489, subject.Correlation![0][1]);
        Assert.Equal(2.271064777232096, rc.Ranef![0].ConditionalSD!["Days"][0]);
    }

    [Fact]
    public void Empty_beta_array_reads_as_no_fixed_effects()
    {
        // ranef_only: "beta": [] (p = 0), as R writes an empty named vector.
        var rc = ReferenceCase.Load(ConformanceTestData.Reference("ranef_only_ML.json"));
        Assert.Empty(rc.Beta!);
        Assert.Empty(rc.FixedEffectColumns!);
        Assert.Equal(new[] { "D_true", "D_hat", "D_other" }, rc.DevfunPoints!.Select(p => p.Label));
    }

    [Fact]
    public void InstEval_has_no_profile_intervals_and_blme_files_are_recognised()
    {
        Assert.False(ReferenceCase.Load(ConformanceTestData.Reference("InstEval_ML.json")).HasProfileCi);
        Assert.True(ReferenceCase.Load(ConformanceTestData.Reference("blme_Dyestuff_ML.json")).IsBlme);
        Assert.True(ReferenceCase.Load(ConformanceTestData.Reference("blme_abs_sleepstudy_REML.json")).IsBlme);
    }

    [Fact]
    public void Second_term_of_a_factor_keeps_lme4s_label_and_its_factor()
    {
        var rc = ReferenceCase.Load(ConformanceTestData.Reference("sleepstudy_uncorr_REML.json"));
        Assert.Equal(new[] { "Subject", "Subject.1", "Residual" }, rc.VarComp!.Select(v => v.Group));
        Assert.Equal(new[] { "Subject", "Subject", "Residual" }, rc.VarComp!.Select(v => v.Factor));
        Assert.Equal(new[] { "(Intercept)", "Days" }, rc.Ranef!.Single().Columns);
    }

    [Fact]
    public void Malformed_reference_throws_InvalidDataException_naming_the_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lmmps-conf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.json"), "{ \"formula\": ");
            var e = Assert.Throws<InvalidDataException>(() => ReferenceCase.Load(Path.Combine(dir, "bad.json")));
            Assert.Contains("bad.json", e.Message);
            File.WriteAllText(Path.Combine(dir, "nomethod.json"), "{ \"formula\": \"y ~ 1 + (1|g)\", \"data_file\": \"d.csv\" }");
            e = Assert.Throws<InvalidDataException>(() => ReferenceCase.Load(Path.Combine(dir, "nomethod.json")));
            Assert.Contains("'method'", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Column_schema_maps_R_types_and_keeps_R_level_order()
    {
        var options = ColumnSchema.OptionsFor(Path.Combine(ConformanceTestData.Directory, "data", "InstEval.csv"));
        Assert.Equal(ColumnKind.Categorical, options.ColumnKinds["s"]);
        Assert.Equal(ColumnKind.OrderedCategorical, options.ColumnKinds["studage"]);
        Assert.Equal(ColumnKind.Numeric, options.ColumnKinds["y"]); // "integer"
        Assert.Equal(2972, options.LevelOrders["s"].Count);
        Assert.Equal(new[] { "0", "1" }, options.LevelOrders["service"]);
        Assert.False(options.LevelOrders.ContainsKey("y"));

        var sleep = ColumnSchema.OptionsFor(Path.Combine(ConformanceTestData.Directory, "data", "sleepstudy.csv"));
        Assert.Equal(ColumnKind.Numeric, sleep.ColumnKinds["Days"]);
        Assert.Equal("308", sleep.LevelOrders["Subject"][0]);
        Assert.Equal("372", sleep.LevelOrders["Subject"][17]);
    }
}
