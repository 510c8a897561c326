using System.Globalization;
using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Model;

namespace LmmPS.Bench;

/// <summary>The `noise` verb (issue 17 item 6): the objective's rounding noise along each coordinate of theta. For
/// each parameter i and step h it evaluates f(theta + k h e_i), k = -5..5, and prints the second differences'
/// spread after removing their linear trend (h^2 f'' + k h^3 f''' is smooth in k, so what is left is rounding):
/// the same lines as bench/star_noise.R prints for lme4. Reads the data with its .columns.json when there is one
/// (ordered factors, level orders), as the conformance runner does.</summary>
internal static class ObjectiveNoise
{
    public static int Run(BenchArguments args, TextWriter output)
    {
        string path = args.Required("data");
        var options = File.Exists(Path.ChangeExtension(path, ".columns.json")) ? ColumnSchema.OptionsFor(path) : BenchModels.ReadOptions(args);
        var frame = CsvDataReader.ReadFile(path, options);
        var design = BenchModels.Design(args, frame);
        var model = new LinearMixedModel(design, BenchModels.Kernels(args));
        var method = BenchModels.Method(args);
        var theta = BenchModels.Theta(args, "theta") ?? model.DefaultStartTheta.ToArray();
        foreach (int i in Enumerable.Range(0, theta.Length))
            foreach (double h in new[] { 1e-4, 1e-5, 1e-6 })
            {
                var f = new double[11];
                for (int k = -5; k <= 5; k++)
                {
                    var t = (double[])theta.Clone();
                    t[i] += k * h;
                    f[k + 5] = model.Objective(t, method);
                }
                var d2 = new double[9];
                for (int k = 0; k < 9; k++) d2[k] = f[k + 2] - 2 * f[k + 1] + f[k];
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "LmmPS {0} theta{1} h={2:0e+00}  f={3:F10}  d2 mean {4:0.000e+00}  spread {5:0.000e+00}  max|d2-linear| {6:0.000e+00}",
                    method, i + 1, h, f[5], d2.Average(), d2.Max() - d2.Min(), DetrendedMax(d2)));
            }
        return 0;
    }

    /// <summary>max |d2_k - (a + b k)| with a, b the least-squares line through the values.</summary>
    private static double DetrendedMax(double[] d2)
    {
        int n = d2.Length;
        double kMean = (n - 1) / 2.0, yMean = d2.Average(), sxy = 0, sxx = 0;
        for (int k = 0; k < n; k++) { sxy += (k - kMean) * (d2[k] - yMean); sxx += (k - kMean) * (k - kMean); }
        double b = sxy / sxx, worst = 0;
        for (int k = 0; k < n; k++) worst = Math.Max(worst, Math.Abs(d2[k] - yMean - b * (k - kMean)));
        return worst;
    }
}
