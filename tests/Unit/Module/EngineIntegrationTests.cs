using System.Globalization;
using LmmPS.Conversion;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Module;

/// <summary>
/// The cmdlets' whole path on real data, through the real engine: sleepstudy rows as Import-Csv gives them (text)
/// -> pipeline reader -> design -> fit -> output objects, compared with lme4 (reference/sleepstudy_REML.json).
/// These need the engine (data reader, formula parser, design builder, fitter) and fail with
/// NotImplementedException until it lands.
/// </summary>
public class EngineIntegrationTests
{
    private static LmmDesign DesignFromImportCsvRows()
    {
        var options = ReadOptionsFactory.Create(null, null, null);
        var reader = new PipelineRowReader(options);
        foreach (var row in SleepstudyFixture.ReadRows())
            reader.AddRow(row.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
        Assert.Equal(180, reader.RowCount);
        var formula = DesignFactory.ParseFormula(SleepstudyFixture.FormulaText);
        return DesignFactory.Create(formula, reader.Build(), options, "pipeline");
    }

    [Fact]
    public void Import_csv_rows_fit_to_lme4s_sleepstudy_numbers()
    {
        var design = DesignFromImportCsvRows();
        Assert.Equal(new[] { "(Intercept)", "Days" }, design.FixedEffects);
        Assert.Equal(new[] { "Subject: (Intercept), Days (18 levels)" }, design.RandomTerms);

        var fit = new LmmFit(LmmFitter.Fit(design.Engine, new FitOptions()), design);
        var r = SleepstudyFixture.Reference();
        Assert.Equal(r.GetProperty("objective").GetDouble(), fit.Objective, 6);
        Assert.Equal(251.40510484848497, fit.FixedEffects[0].Estimate, 4);
        Assert.Equal(10.467285959595987, fit.FixedEffects[1].Estimate, 4);
        Assert.Equal(25.59179572167535, fit.Sigma, 3);
        Assert.Equal(0.06555123823812821, double.Parse(fit.VarianceComponents[1].Correlation, CultureInfo.InvariantCulture), 3);
        Assert.Equal(36, fit.RandomEffects.Length);
    }

    [Fact]
    public void Objective_at_lme4s_start_point_matches_devfun()
    {
        var design = DesignFromImportCsvRows();
        // reference/sleepstudy_REML.json devfun_points "start": f(1, 0, 1) = 1773.6803306160002, sigma 24.358698351959905.
        var point = ObjectivePointFactory.Evaluate(design, new[] { 1.0, 0.0, 1.0 }, EstimationMethod.REML);
        Assert.Equal(1773.6803306160002, point.Objective, 8);
        Assert.Equal(-1773.6803306160002 / 2, point.LogLik, 8);
        Assert.Equal(24.358698351959905, point.Sigma, 8);
        Assert.Equal(251.40510484848383, point.Beta[0], 6);
        Assert.Equal(new[] { "(Intercept)", "Days" }, point.FixedEffectNames);
    }

    [Fact]
    public void Subject_read_as_categorical_from_numbers()
    {
        var options = ReadOptionsFactory.Create(new[] { "Subject" }, null, null);
        var reader = new PipelineRowReader(options);
        foreach (var row in SleepstudyFixture.ReadRows())
        {
            // Numbers as Select-Object would give them, not text.
            reader.AddRow(new Dictionary<string, object?>
            {
                ["Reaction"] = double.Parse(row["Reaction"], CultureInfo.InvariantCulture),
                ["Days"] = int.Parse(row["Days"], CultureInfo.InvariantCulture),
                ["Subject"] = int.Parse(row["Subject"], CultureInfo.InvariantCulture),
            });
        }
        var data = reader.Build();
        Assert.True(data.TryGetColumn("Subject", out var subject));
        Assert.Equal(18, Assert.IsType<CategoricalColumn>(subject).Levels.Count);
        Assert.IsType<NumericColumn>(data.Columns.Single(c => c.Name == "Days"));
    }
}
