using LmmPS.Core.Diagnostics;
using LmmPS.Plotting;

namespace LmmPS.Conversion;

/// <summary>
/// Turns what Export-LmmPlot receives (a fit, a profile) into the plain rows LmmPS.Plotting lays out, and says
/// clearly when the input cannot give the kind asked for. Holds no layout and no statistics: the rows are the
/// fit's and the profile's own numbers (residuals and normal scores come from the engine's Diagnostics).
/// </summary>
internal static class PlotInput
{
    /// <summary>Builds the picture, or returns null with <paramref name="problem"/> set to a message for the user.</summary>
    public static PlotDocument? Build(LmmPlotKind kind, object input, PlotOptions options, CancellationToken cancellationToken, out string? problem)
    {
        problem = null;
        switch (kind)
        {
            case LmmPlotKind.Caterpillar when input is LmmFit fit:
                var modes = fit.RandomEffects.Select(r => new ConditionalModeRow(r.Group, r.Name, r.Level, r.Mode, r.CondSD)).ToList();
                return CaterpillarPlot.Build(modes, options, cancellationToken);
            case LmmPlotKind.Residuals when input is LmmFit fit:
                var residuals = Residuals.Compute(fit.Result);
                var points = new List<ResidualPoint>(residuals.Fitted.Length);
                for (int i = 0; i < residuals.Fitted.Length; i++)
                    points.Add(new ResidualPoint(residuals.Fitted[i], residuals.Response[i]));
                return ResidualPlot.Build(points, options, cancellationToken);
            case LmmPlotKind.QQ when input is LmmFit fit:
                return QuantilePlot.Build(QuantileSamples(fit), options, cancellationToken);
            case LmmPlotKind.Caterpillar or LmmPlotKind.Residuals or LmmPlotKind.QQ:
                problem = $"A {kind} plot needs a fit (Invoke-LmmFit), which holds the {(kind == LmmPlotKind.Caterpillar ? "conditional modes" : "fitted values and residuals")}; the input is {Describe(input)}.";
                return null;
            case LmmPlotKind.Profile when input is LmmProfile profile:
                if (profile.Points.Length == 0)
                {
                    problem = "The profile holds no points to plot.";
                    return null;
                }
                var trace = profile.Points.Select(p => new ProfileTracePoint(p.Parameter, p.Value, p.Zeta)).ToList();
                return ProfilePlot.Build(trace, options, cancellationToken);
            case LmmPlotKind.Profile when input is LmmFit:
                problem = "A Profile plot needs a profile: pipe the fit to Get-LmmProfile first (Invoke-LmmFit ... | Get-LmmProfile | Export-LmmPlot -Kind Profile ...).";
                return null;
            case LmmPlotKind.Profile:
                problem = $"A Profile plot needs a profile (Get-LmmProfile without -IntervalOnly); the input is {Describe(input)}.";
                return null;
            default:
                problem = $"Plot kind {kind} is not supported.";
                return null;
        }
    }

    /// <summary>The QQ panels: the scaled residuals first, then one per grouping factor and random-effect column
    /// (MixedModelsMakie's qqcaterpillar, with the axes of R's qqnorm: normal scores across, the sorted conditional
    /// modes up), titled "group: column" with the names the fit uses.</summary>
    private static List<QuantileSeries> QuantileSamples(LmmFit fit)
    {
        var samples = new List<QuantileSeries> { Scores("Scaled residuals", Residuals.Compute(fit.Result).Scaled) };
        foreach (var term in fit.RandomEffects.GroupBy(r => (r.Group, r.Name)))
            samples.Add(Scores($"{term.Key.Group}: {term.Key.Name}", term.Select(r => r.Mode)));
        return samples;
    }

    /// <summary>qqnorm(y); qqline(y): the sorted values against qnorm(ppoints(n)) and R's quartile line.</summary>
    private static QuantileSeries Scores(string title, IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        var (intercept, slope) = NormalScores.QuartileLine(sorted);
        return new QuantileSeries(title, NormalScores.Theoretical(sorted.Length), sorted, intercept, slope);
    }

    private static string Describe(object input) => input switch
    {
        LmmFit => "a fit (LmmPS.LmmFit)",
        LmmProfile => "a profile (LmmPS.LmmProfile)",
        _ => $"a {input.GetType().FullName}",
    };
}
