using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Data;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Tests.Hardening;

namespace LmmPS.Tests.Properties;

/// <summary>
/// Invariances a correct fit must have, checked on real data with FsCheck-generated transformations. The profiled
/// deviance depends on the data only through quantities these transformations preserve, so the optimizer sees the
/// same function of theta (up to an additive constant for scaling) and must land on the same theta; the tolerances
/// allow for the optimizer's own stopping tolerance (1e-6 in theta) and the rounding of a reordered sum.
/// </summary>
public class FitProperties
{
    private const string SleepFormula = "Reaction ~ Days + (Days | Subject)";
    private static readonly DataFrame Sleep = Pipeline.Read(Pipeline.DataFile("sleepstudy"));
    private static readonly FitResult SleepFit = Fit(SleepFormula, Sleep);
    private static readonly DataFrame Dyestuff = Pipeline.Read(Pipeline.DataFile("Dyestuff"));
    private static readonly FitResult DyestuffFit = Fit("Yield ~ 1 + (1 | Batch)", Dyestuff);

    private static FitResult Fit(string formula, DataFrame data, EstimationMethod method = EstimationMethod.REML) =>
        LmmFitter.Fit(Pipeline.BuildDesign(formula, data), new FitOptions { Method = method });

    private static DataFrame Replace(DataFrame data, string name, Column column) =>
        new(data.Columns.Select(c => c.Name == name ? column : c).ToArray());

    private static NumericColumn MapNumeric(DataFrame data, string name, Func<double, double> map)
    {
        data.TryGetColumn(name, out var column);
        var values = ((NumericColumn)column).Values.ToArray();
        return new NumericColumn(name, values.Select(map).ToArray());
    }

    private static void SameTheta(FitResult expected, FitResult actual, double tolerance = 2e-4)
    {
        Assert.Equal(expected.Theta.Count, actual.Theta.Count);
        for (int t = 0; t < expected.Theta.Count; t++)
            Assert.True(Math.Abs(expected.Theta[t] - actual.Theta[t]) <= tolerance,
                $"theta[{t}]: {expected.Theta[t]} vs {actual.Theta[t]}");
    }

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)), $"{what}: {expected} vs {actual}");

    [Fact]
    public void Row_order_does_not_change_the_fit()
    {
        var permutations = Gen.Shuffle(Enumerable.Range(0, Sleep.RowCount).ToArray()).ToArbitrary();
        PropertyRun.Check(30, Prop.ForAll(permutations, order =>
        {
            var shuffled = new DataFrame(Sleep.Columns.Select(c => Reorder(c, order)).ToArray());
            var fit = Fit(SleepFormula, shuffled);
            Close(SleepFit.Objective, fit.Objective, 1e-9, "objective");
            SameTheta(SleepFit, fit);
            Close(SleepFit.Sigma, fit.Sigma, 1e-4, "sigma");
            for (int b = 0; b < 2; b++)
                Close(SleepFit.FixedEffects[b].Estimate, fit.FixedEffects[b].Estimate, 1e-5, "beta");
        }));
    }

    private static Column Reorder(Column column, int[] order) => column switch
    {
        NumericColumn n => new NumericColumn(n.Name, order.Select(i => n[i]).ToArray()),
        CategoricalColumn f => new CategoricalColumn(f.Name, order.Select(i => f[i]).ToArray(), f.Levels, f.IsOrdered),
        _ => throw new ArgumentException(column.GetType().Name),
    };

    [Fact]
    public void Renaming_the_levels_of_the_grouping_factor_only_renames_the_random_effects()
    {
        Dyestuff.TryGetColumn("Batch", out var column);
        var batch = (CategoricalColumn)column;
        // Distinct new names in a random order: the levels' sort order changes as well as their labels.
        var names = Gen.Choose(0, 1_000_000).ArrayOf(batch.Levels.Count)
            .Where(keys => keys.Distinct().Count() == keys.Length)
            .Select(keys => keys.Select(k => "L" + k).ToArray())
            .ToArbitrary();
        PropertyRun.Check(30, Prop.ForAll(names, newNames =>
        {
            var renamed = new CategoricalColumn("Batch", batch.Codes.ToArray(), newNames);
            var fit = Fit("Yield ~ 1 + (1 | Batch)", Replace(Dyestuff, "Batch", renamed));
            Close(DyestuffFit.Objective, fit.Objective, 1e-10, "objective");
            SameTheta(DyestuffFit, fit, 1e-6);
            Close(DyestuffFit.FixedEffects[0].Estimate, fit.FixedEffects[0].Estimate, 1e-8, "intercept");
            var original = DyestuffFit.RandomEffects[0];
            var table = fit.RandomEffects[0];
            for (int l = 0; l < original.Levels.Count; l++)
            {
                int at = table.Levels.ToList().IndexOf(newNames[l]);
                Close(original.Modes[l], table.Modes[at], 1e-6, $"mode of level {original.Levels[l]}");
            }
        }));
    }

    [Fact]
    public void Shifting_y_moves_only_the_intercept()
    {
        var shifts = Gen.Choose(-20_000, 20_000).Select(k => k * 0.37).ToArbitrary();
        PropertyRun.Check(30, Prop.ForAll(shifts, shift =>
        {
            var fit = Fit(SleepFormula, Replace(Sleep, "Reaction", MapNumeric(Sleep, "Reaction", y => y + shift)));
            Close(SleepFit.Objective, fit.Objective, 1e-9, "objective");
            SameTheta(SleepFit, fit);
            Close(SleepFit.Sigma, fit.Sigma, 1e-4, "sigma");
            Close(SleepFit.FixedEffects[0].Estimate + shift, fit.FixedEffects[0].Estimate, 1e-6, "intercept");
            Close(SleepFit.FixedEffects[1].Estimate, fit.FixedEffects[1].Estimate, 1e-5, "slope");
        }));
    }

    [Fact]
    public void Scaling_y_scales_sigma_beta_and_variances_but_not_theta()
    {
        // Scale factors from 1e-4 to 1e4, either sign.
        var scales = Gen.Zip(Gen.Choose(-400, 400), Gen.Elements(1.0, -1.0)).Select(t => t.Item2 * Math.Pow(10, t.Item1 / 100.0)).ToArbitrary();
        int p = SleepFit.FixedEffects.Count, n = Sleep.RowCount;
        PropertyRun.Check(30, Prop.ForAll(scales, scale =>
        {
            var fit = Fit(SleepFormula, Replace(Sleep, "Reaction", MapNumeric(Sleep, "Reaction", y => y * scale)));
            SameTheta(SleepFit, fit);
            Close(1.0, fit.Sigma / (SleepFit.Sigma * Math.Abs(scale)), 1e-4, "sigma ratio");
            for (int b = 0; b < p; b++)
                Close(1.0, fit.FixedEffects[b].Estimate / (SleepFit.FixedEffects[b].Estimate * scale), 1e-4, "beta ratio");
            var before = SleepFit.VarianceComponents[0].Covariance;
            var after = fit.VarianceComponents[0].Covariance;
            Close(1.0, after[0, 0] / (before[0, 0] * scale * scale), 5e-4, "intercept variance ratio");
            Close(1.0, after[1, 1] / (before[1, 1] * scale * scale), 5e-4, "slope variance ratio");
            // REML: (n - p) log(sigma^2) is the only scale-dependent part of the criterion.
            Close(SleepFit.Objective + (n - p) * Math.Log(scale * scale), fit.Objective, 1e-9, "objective");
        }));
    }
}
