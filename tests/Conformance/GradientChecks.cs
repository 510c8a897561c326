using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Conformance;

/// <summary>At each <c>devfun_points</c> theta with <c>gradient_fd</c>: our analytic gradient against lme4's
/// finite-difference gradient (1e-4 relative, or 1e-5 absolute near zero) and against our own finite differences
/// (1e-6 relative). Near an optimum both difference quotients are rounding noise, so the absolute floor is also at
/// least the quotient's own noise, NoiseFactor * eps * (|f| + w_y A_yy / pwrss) / h: the objective loses about
/// log10(A_yy / pwrss) digits to the cancellation that forms pwrss and w_y log(pwrss) carries them into f (InstEval's
/// optimum: lme4's and our differences disagree by 8e-5 with each other; the floor there is ~2e-4).</summary>
public static class GradientChecks
{
    public const double ReferenceRelative = 1e-4;
    public const double ReferenceAbsolute = 1e-5;
    public const double OwnRelative = 1e-6;
    public const double NoiseFactor = 10;

    public static IEnumerable<CheckResult> All(ReferenceCase rc, ModelDesign design, string referenceFile)
    {
        List<(string Label, double[] Theta, double[] Fd, double Step)> points;
        LinearMixedModel model;
        try
        {
            points = ReadPoints(referenceFile);
            model = new LinearMixedModel(design);
        }
        catch (Exception e)
        {
            return new[] { CheckResult.Exception(rc.FileName, CheckNames.Gradient, e) };
        }
        return points.Select(p => FitChecks.Guard(rc.FileName, $"{CheckNames.Gradient}/{p.Label}", () => Point(rc, design, model, p)));
    }

    private static CheckResult Point(ReferenceCase rc, ModelDesign design, LinearMixedModel model,
        (string Label, double[] Theta, double[] Fd, double Step) point)
    {
        var method = rc.Method;
        var analytic = model.Gradient(point.Theta, method);
        var at = model.Evaluate(point.Theta, method);
        double ayy = design.Response.Sum(v => v * v);
        double wy = method == EstimationMethod.ML ? design.RowCount : design.RowCount - design.FixedEffectCount;
        double noise = NoiseFactor * 2.220446049250313e-16 * (Math.Abs(at.Objective) + wy * ayy / at.PenalizedRss);
        var own = FiniteDifference.Compare(design.ThetaNames, t => model.Objective(t, method), point.Theta, analytic, model.ThetaLower);

        var comparer = CompareElements("lme4", design.ThetaNames, analytic, point.Fd, point.Step, own, noise);
        return comparer.ToResult(rc.FileName, $"{CheckNames.Gradient}/{point.Label}",
            $"tol lme4 fd {Format.Small(ReferenceRelative)} rel or max({Format.Small(ReferenceAbsolute)}, noise {Format.Small(noise / point.Step)}) abs; " +
            $"own fd {Format.Small(OwnRelative)} rel + noise");
    }

    /// <summary>The analytic gradient element by element against the file's finite differences (<paramref name="source"/>
    /// names whose: lme4 or blme; step <paramref name="step"/>) and against our own, with the tolerances above and the
    /// rounding-noise floor <paramref name="noise"/> divided by each difference's step.</summary>
    internal static ElementComparer CompareElements(string source, IReadOnlyList<string> names, double[] analytic, double[] fd, double step,
        IReadOnlyList<DerivativeCheck> own, double noise)
    {
        var comparer = new ElementComparer();
        for (int i = 0; i < analytic.Length; i++)
        {
            string name = i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (i < fd.Length)
            {
                double r = fd[i];
                comparer.Add($"{source}[{name}]", analytic[i], r, Math.Max(ReferenceRelative * Math.Abs(r), Math.Max(ReferenceAbsolute, noise / step)));
            }
            else
            {
                comparer.Extra($"{source}[{name}]");
            }
            comparer.Add($"own[{name}]", analytic[i], own[i].Numeric, OwnRelative * Math.Abs(own[i].Numeric) + noise / own[i].Step);
        }
        for (int i = analytic.Length; i < fd.Length; i++)
            comparer.Missing($"{source}[{i}]");
        return comparer;
    }

    /// <summary>The points with a gradient_fd array, read from the file itself (the case record keeps only whether
    /// a point has one). lme4's step is absolute (fd_step, default 1e-5).</summary>
    internal static List<(string, double[], double[], double)> ReadPoints(string referenceFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(referenceFile));
        var result = new List<(string, double[], double[], double)>();
        if (!doc.RootElement.TryGetProperty("devfun_points", out var dp) || !dp.TryGetProperty("points", out var points))
            return result;
        foreach (var p in points.EnumerateArray())
        {
            if (!p.TryGetProperty("gradient_fd", out var fd) || fd.ValueKind != JsonValueKind.Array)
                continue;
            if (p.GetProperty("theta").EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number)
                || fd.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                continue;
            double step = p.TryGetProperty("fd_step", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 1e-5;
            result.Add((p.GetProperty("label").GetString() ?? "point",
                p.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                fd.EnumerateArray().Select(v => v.GetDouble()).ToArray(), step));
        }
        return result;
    }
}
