using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LmmPS.Plotting;

/// <summary>
/// lme4's <c>xyplot(profile(fit))</c>: one panel per profiled parameter, zeta (the signed square root of the
/// deviance's increase) against the parameter on the SD/correlation scale, with dashed lines at zeta = +-1.96 where
/// the trace crosses the 95% profile limits. Every profile point is a marker on the trace.
/// </summary>
public static class ProfilePlot
{
    private const double PanelWidth = 300;
    private const double PanelHeight = 260;

    public static PlotDocument Build(IReadOnlyList<ProfileTracePoint> points, PlotOptions options, CancellationToken cancellationToken = default)
    {
        var traces = points.Where(p => PanelStyle.IsFinite(p.Value) && PanelStyle.IsFinite(p.Zeta)).GroupBy(p => p.Parameter).ToList();
        if (traces.Count == 0)
            throw new ArgumentException("The profile holds no points to plot.", nameof(points));
        return PlotDocument.Grid("Profile", traces, t => BuildPanel(t.Key, t), options, PanelWidth, PanelHeight, cancellationToken);
    }

    private static PlotModel BuildPanel(string parameter, IEnumerable<ProfileTracePoint> trace)
    {
        var panel = PanelStyle.NewPanel(parameter);
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Bottom, parameter));
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Left, "zeta"));
        panel.Annotations.Add(PanelStyle.ReferenceLine(LineAnnotationType.Horizontal, -PanelStyle.Z975));
        panel.Annotations.Add(PanelStyle.ReferenceLine(LineAnnotationType.Horizontal, PanelStyle.Z975));
        var series = new LineSeries
        {
            Color = OxyColor.FromRgb(0x1F, 0x4E, 0x9A),
            StrokeThickness = 1.2,
            MarkerType = MarkerType.Circle,
            MarkerSize = 2.5,
            MarkerFill = OxyColor.FromRgb(0x1F, 0x4E, 0x9A),
        };
        foreach (var point in trace.OrderBy(p => p.Value))
            series.Points.Add(new DataPoint(point.Value, point.Zeta));
        panel.Series.Add(series);
        return panel;
    }
}
