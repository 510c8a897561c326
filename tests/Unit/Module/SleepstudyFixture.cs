using System.Globalization;
using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Module;

/// <summary>
/// lme4's sleepstudy fit built by hand, without the engine: the design from data/sleepstudy.csv (X = [1, Days],
/// Z columns [1, Days] per Subject) and a <see cref="FitResult"/> filled with the numbers of
/// reference/sleepstudy_REML.json (lme4 1.1-31). The conversion code is then checked against those numbers.
/// </summary>
internal static class SleepstudyFixture
{
    public const string FormulaText = "Reaction ~ Days + (Days | Subject)";

    public static List<Dictionary<string, string>> ReadRows()
    {
        var lines = File.ReadAllLines(ModulePaths.DataFile("sleepstudy.csv"));
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
                row[header[i]] = cells[i];
            return row;
        }).ToList();
    }

    public static ModelDesign Design()
    {
        var rows = ReadRows();
        int n = rows.Count;
        var reaction = rows.Select(r => double.Parse(r["Reaction"], CultureInfo.InvariantCulture)).ToArray();
        var days = rows.Select(r => double.Parse(r["Days"], CultureInfo.InvariantCulture)).ToArray();
        // Subject ids are numbers whose numeric order is R's level order here (the columns.json lists them so).
        var levels = rows.Select(r => r["Subject"]).Distinct().OrderBy(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var levelIndex = rows.Select(r => levels.IndexOf(r["Subject"])).ToArray();
        var x = new double[2 * n];
        var z = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 1;
            x[n + i] = days[i];
            z[2 * i] = 1;
            z[2 * i + 1] = days[i];
        }
        var formula = new Formula(FormulaText, "Reaction", true,
            new[] { new ModelTerm(new[] { "Days" }) },
            new[] { new RandomTerm(true, new[] { new ModelTerm(new[] { "Days" }) }, new[] { "Subject" }, 19) });
        var term = new RandomEffectsTerm("Subject", levels, levelIndex, 2, z, new[] { "(Intercept)", "Days" });
        return new ModelDesign(formula, reaction, x, new[] { "(Intercept)", "Days" }, Array.Empty<string>(), new[] { term },
            Enumerable.Range(0, n).ToArray(), 0);
    }

    public static JsonElement Reference() => LoadJson("sleepstudy_REML.json");

    public static JsonElement LoadJson(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ModulePaths.ReferenceFile(name)));
        return doc.RootElement.Clone();
    }

    public static FitResult Result(ModelDesign design)
    {
        var r = Reference();
        var beta = r.GetProperty("beta");
        var se = r.GetProperty("beta_se");
        var fixedEffects = design.FixedEffectNames.Select(name =>
        {
            double b = beta.GetProperty(name).GetDouble(), s = se.GetProperty(name).GetDouble();
            return new FixedEffectEstimate(name, b, s, b / s);
        }).ToList();

        var components = r.GetProperty("varcomp").EnumerateArray().Select(vc =>
        {
            var names = vc.GetProperty("names").EnumerateArray().Select(e => e.GetString()!).ToList();
            var variance = vc.GetProperty("variance").EnumerateArray().Select(e => e.GetDouble()).ToList();
            int k = names.Count;
            var cov = new double[k, k];
            var cor = new double[k, k];
            for (int i = 0; i < k; i++)
            {
                cov[i, i] = variance[i];
                cor[i, i] = 1;
            }
            if (vc.TryGetProperty("covariance", out var covJson))
            {
                cov = Matrix(covJson);
                cor = Matrix(vc.GetProperty("correlation"));
            }
            return new VarianceComponent(vc.GetProperty("group").GetString()!, names, cov,
                vc.GetProperty("stddev").EnumerateArray().Select(e => e.GetDouble()).ToList(), cor);
        }).ToList();

        var tables = r.GetProperty("ranef").EnumerateArray().Select(t =>
        {
            var levels = t.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToList();
            var columns = t.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!).ToList();
            var modes = new double[levels.Count * columns.Count];
            var sds = new double[modes.Length];
            for (int c = 0; c < columns.Count; c++)
            {
                var m = t.GetProperty("mode").GetProperty(columns[c]).EnumerateArray().Select(e => e.GetDouble()).ToList();
                var s = t.GetProperty("condsd").GetProperty(columns[c]).EnumerateArray().Select(e => e.GetDouble()).ToList();
                for (int l = 0; l < levels.Count; l++)
                {
                    modes[l * columns.Count + c] = m[l];
                    sds[l * columns.Count + c] = s[l];
                }
            }
            return new RandomEffectsTable(t.GetProperty("group").GetString()!, levels, columns, modes, sds);
        }).ToList();

        var dc = r.GetProperty("devcomp");
        return new FitResult
        {
            Design = design,
            Method = EstimationMethod.REML,
            Objective = r.GetProperty("objective").GetDouble(),
            Sigma = r.GetProperty("sigma").GetDouble(),
            Theta = r.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToList(),
            FixedEffects = fixedEffects,
            FixedEffectsCovariance = Matrix(r.GetProperty("vcov_beta")),
            VarianceComponents = components,
            RandomEffects = tables,
            PenalizedRss = dc.GetProperty("pwrss").GetDouble(),
            LogDetLZSquared = dc.GetProperty("ldL2").GetDouble(),
            LogDetLXSquared = dc.GetProperty("ldRX2").GetDouble(),
            Evaluations = r.GetProperty("feval").GetInt32(),
            Converged = true,
            ConvergenceMessage = r.GetProperty("optimizer_message").GetString()!,
            OptimizerName = r.GetProperty("optimizer").GetString()!,
            IsSingular = r.GetProperty("isSingular").GetBoolean(),
            SingularTerms = Array.Empty<string>(),
            Warnings = Array.Empty<string>(),
            Elapsed = TimeSpan.FromMilliseconds(12),
        };
    }

    private static double[,] Matrix(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var m = new double[list.Length, list[0].Length];
        for (int i = 0; i < list.Length; i++)
            for (int j = 0; j < list[i].Length; j++)
                m[i, j] = list[i][j];
        return m;
    }
}
