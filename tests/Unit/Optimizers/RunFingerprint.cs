using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LmmPS.Core.Optimizers;

namespace LmmPS.Tests.Optimizers;

/// <summary>Runs of L-BFGS-B on closed-form problems reduced to a fingerprint: the evaluation count, the point and
/// value returned, the projected-gradient norm, and a SHA-256 of every point and value evaluated, in order.</summary>
internal static class RunFingerprint
{
    public sealed record Case(string Name, Func<double[], double[], double> F, double[] Start, double[] Lower, double[] Upper, OptimizerOptions Options);

    private static double[] Free(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static double EvenInX(double[] p, double[] g)
    {
        double x = p[0], y = p[1];
        g[0] = 4 * x * (x * x - 1);
        g[1] = 2 * (y - 1);
        return (x * x - 1) * (x * x - 1) + (y - 1) * (y - 1);
    }

    private static double BadBeyondLine(double[] p, double[] g)
    {
        g[0] = 20 * (p[0] - 1);
        g[1] = 20 * (p[1] - 1);
        return p[0] + p[1] <= 2.5 ? 10 * ((p[0] - 1) * (p[0] - 1) + (p[1] - 1) * (p[1] - 1)) : double.PositiveInfinity;
    }

    public static IEnumerable<Case> Cases(Action<int, double[], double> onEvaluation)
    {
        yield return new Case("Rosenbrock free", GradientProblems.Rosenbrock, new[] { -1.2, 1.0 }, Free(2, double.NegativeInfinity), Free(2, double.PositiveInfinity),
            new OptimizerOptions { OnEvaluation = onEvaluation });
        yield return new Case("Rosenbrock x <= 0.5", GradientProblems.Rosenbrock, new[] { -1.2, 1.0 }, new[] { -2.0, -2.0 }, new[] { 0.5, 2.0 },
            new OptimizerOptions { GradientTolerance = 1e-9, OnEvaluation = onEvaluation });
        yield return new Case("coupled quadratic from (1, 0)", GradientProblems.CoupledQuadratic, new[] { 1.0, 0.0 }, new[] { 0.0, double.NegativeInfinity }, Free(2, double.PositiveInfinity),
            new OptimizerOptions { OnEvaluation = onEvaluation });
        yield return new Case("coupled quadratic from (5, 10)", GradientProblems.CoupledQuadratic, new[] { 5.0, 10.0 }, new[] { 0.0, double.NegativeInfinity }, Free(2, double.PositiveInfinity),
            new OptimizerOptions { OnEvaluation = onEvaluation });
        yield return new Case("even in x from the bound", EvenInX, new[] { 0.0, 3.0 }, new[] { 0.0, double.NegativeInfinity }, Free(2, double.PositiveInfinity),
            new OptimizerOptions { OnEvaluation = onEvaluation });
        yield return new Case("+inf beyond x + y = 2.5", BadBeyondLine, new[] { 2.0, 0.4 }, new[] { 0.0, 0.0 }, new[] { 3.0, 3.0 },
            new OptimizerOptions { InitialStep = 3, OnEvaluation = onEvaluation });
        yield return new Case("Rosenbrock, budget 10", GradientProblems.Rosenbrock, new[] { -1.2, 1.0 }, Free(2, double.NegativeInfinity), Free(2, double.PositiveInfinity),
            new OptimizerOptions { MaxEvaluations = 10, OnEvaluation = onEvaluation });
    }

    /// <summary>Fingerprints of every case, run through <paramref name="minimize"/>.</summary>
    public static string[] All(Func<Case, OptimizerResult> minimize)
    {
        var trace = new StringBuilder();
        var lines = new List<string>();
        foreach (var c in Cases((k, x, f) => trace.Append(k).Append(':').Append(R(x)).Append('=').Append(R(f)).Append(';')))
        {
            trace.Clear();
            var result = minimize(c);
            lines.Add($"{c.Name}|{result.Evaluations}|{R(result.X)}|{R(result.Value)}|{R(result.ProjectedGradientNorm)}|{result.Converged}|{Sha(trace.ToString())}");
        }

        return lines.ToArray();
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string R(double[] x) => string.Join(",", x.Select(R));

    private static string Sha(string text)
    {
        using var sha = SHA256.Create();
        return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(text))).Replace("-", "").Substring(0, 16);
    }
}
