using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Fitting;

/// <summary>Designs for the reference data sets built by hand from the CSV (plain split), so the model's
/// numerics are checked independently of the formula parser and design builder.</summary>
internal static class HandBuiltDesigns
{
    public static (string[] Header, string[][] Rows) ReadCsv(string dataFile)
    {
        var lines = File.ReadAllLines(TestData.File(dataFile)).Where(l => l.Length > 0).ToArray();
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToArray());
    }

    public static double[] Numeric(string dataFile, string column)
    {
        var (h, rows) = ReadCsv(dataFile);
        int c = Array.IndexOf(h, column);
        return rows.Select(r => double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Level index per row for a factor (or the interaction of several), levels in first-seen order
    /// sorted as given by <paramref name="order"/> (the reference's level order); default: R-like numeric/ordinal.</summary>
    public static (int[] Index, string[] Levels) Factor(string dataFile, params string[] columns)
    {
        var (h, rows) = ReadCsv(dataFile);
        var idx = columns.Select(c => Array.IndexOf(h, c)).ToArray();
        var labels = rows.Select(r => string.Join(":", idx.Select(i => r[i]))).ToArray();
        var levels = labels.Distinct().ToArray();
        Array.Sort(levels, CompareLabels);
        var map = levels.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
        return (labels.Select(l => map[l]).ToArray(), levels);
    }

    private static int CompareLabels(string a, string b)
    {
        var pa = a.Split(':');
        var pb = b.Split(':');
        for (int i = 0; i < pa.Length; i++)
        {
            bool na = double.TryParse(pa[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var da);
            bool nb = double.TryParse(pb[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var db);
            int c = na && nb ? da.CompareTo(db) : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    public static RandomEffectsTerm Term(string group, (int[] Index, string[] Levels) factor, params (string Name, double[] Values)[] columns)
    {
        int n = factor.Index.Length, k = columns.Length;
        var z = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
                z[i * k + c] = columns[c].Values[i];
        return new RandomEffectsTerm(group, factor.Levels, factor.Index, k, z, columns.Select(c => c.Name).ToArray());
    }

    public static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    public static ModelDesign Design(string text, double[] y, (string Name, double[] Values)[] x, params RandomEffectsTerm[] terms)
    {
        int n = y.Length;
        var xs = new double[n * x.Length];
        for (int j = 0; j < x.Length; j++)
            Array.Copy(x[j].Values, 0, xs, j * n, n);
        var formula = new Formula(text, "y", true, Array.Empty<ModelTerm>(), Array.Empty<RandomTerm>());
        return new ModelDesign(formula, y, xs, x.Select(c => c.Name).ToArray(), Array.Empty<string>(), terms,
            Enumerable.Range(0, n).ToArray(), 0);
    }

    public static ModelDesign Sleepstudy(bool uncorrelated = false)
    {
        const string f = "data/sleepstudy.csv";
        var y = Numeric(f, "Reaction");
        var days = Numeric(f, "Days");
        var subject = Factor(f, "Subject");
        var one = Ones(y.Length);
        var x = new[] { ("(Intercept)", one), ("Days", days) };
        return uncorrelated
            ? Design("Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", y, x,
                Term("Subject", subject, ("(Intercept)", one)), Term("Subject", subject, ("Days", days)))
            : Design("Reaction ~ Days + (Days | Subject)", y, x,
                Term("Subject", subject, ("(Intercept)", one), ("Days", days)));
    }

    public static ModelDesign Dyestuff(string file = "data/Dyestuff.csv")
    {
        var y = Numeric(file, "Yield");
        var one = Ones(y.Length);
        return Design("Yield ~ 1 + (1 | Batch)", y, new[] { ("(Intercept)", one) }, Term("Batch", Factor(file, "Batch"), ("(Intercept)", one)));
    }

    public static ModelDesign Penicillin()
    {
        const string f = "data/Penicillin.csv";
        var y = Numeric(f, "diameter");
        var one = Ones(y.Length);
        return Design("diameter ~ 1 + (1 | plate) + (1 | sample)", y, new[] { ("(Intercept)", one) },
            Term("plate", Factor(f, "plate"), ("(Intercept)", one)), Term("sample", Factor(f, "sample"), ("(Intercept)", one)));
    }

    public static ModelDesign Pastes()
    {
        const string f = "data/Pastes.csv";
        var y = Numeric(f, "strength");
        var one = Ones(y.Length);
        return Design("strength ~ 1 + (1 | batch) + (1 | batch:cask)", y, new[] { ("(Intercept)", one) },
            Term("batch:cask", Factor(f, "batch", "cask"), ("(Intercept)", one)), Term("batch", Factor(f, "batch"), ("(Intercept)", one)));
    }

    public static ModelDesign InstEval()
    {
        const string f = "data/InstEval.csv";
        var y = Numeric(f, "y");
        var one = Ones(y.Length);
        var service = Numeric(f, "service");
        return Design("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)", y, new[] { ("(Intercept)", one), ("service1", service) },
            Term("s", Factor(f, "s"), ("(Intercept)", one)), Term("d", Factor(f, "d"), ("(Intercept)", one)),
            Term("dept:service", Factor(f, "dept", "service"), ("(Intercept)", one)));
    }

    public static ModelDesign RanefOnly()
    {
        const string f = "data/ranef_only_sim.csv";
        var y = Numeric(f, "y");
        var one = Ones(y.Length);
        return Design("y ~ 0 + (1 + x | g)", y, Array.Empty<(string, double[])>(),
            Term("g", Factor(f, "g"), ("(Intercept)", one), ("x", Numeric(f, "x"))));
    }
}
