using System.Text.Json;
using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Tests.Inference;

/// <summary>An inf_*.json reference file (lmerTest 3.1-3 / pbkrtest 0.5.2, tests/data/reference) with the design of its
/// data and formula, built by the module's own reader and design builder.</summary>
internal sealed class InferenceCase
{
    private InferenceCase(JsonElement root, ModelDesign design)
    {
        Root = root;
        Design = design;
    }

    public JsonElement Root { get; }

    public ModelDesign Design { get; }

    public JsonElement Tight => Root.GetProperty("at_tight_optimum");

    public double[] TightTheta => Tight.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();

    public double[] Lme4Theta => Root.GetProperty("theta").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();

    public static InferenceCase Load(string name)
    {
        var root = TestData.Reference(name).RootElement.Clone();
        string dataFile = root.GetProperty("data_file").GetString()!;
        string path = TestData.File(dataFile);
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        var design = DesignBuilder.Build(FormulaParser.Parse(root.GetProperty("formula").GetString()!), data);
        return new InferenceCase(root, design);
    }

    public static double[,] Matrix(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var m = new double[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++)
                m[i, j] = rows[i][j];
        return m;
    }

    /// <summary>|actual - expected| &lt;= tol |expected| (or tol absolutely near 0).</summary>
    public static void Close(double expected, double actual, double tol, string what)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(actual - expected) <= tol * scale,
            $"{what}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / scale:G3}, allowed {tol:G3})");
    }

    /// <summary>p-values on the log scale.</summary>
    public static void CloseP(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(Math.Log(actual) - Math.Log(expected)) <= tol,
            $"{what}: expected p {expected:R}, got {actual:R} (log difference {Math.Abs(Math.Log(actual) - Math.Log(expected)):G3}, allowed {tol:G3})");
}
