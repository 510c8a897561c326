using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;

namespace LmmPS.Plotting;

/// <summary>
/// R's <c>qqnorm(y); qqline(y)</c>: per sample one panel of the sorted sample against the normal scores, one marker
/// per value, with the quartile line dashed. Panels fill a near-square grid as the profile plot's do.
/// </summary>
public static class QuantilePlot
{
    private const double PanelWidth = 400;
    private const double PanelHeight = 360;

    public static PlotDocument Build(IReadOnlyList<QuantileSeries> samples, PlotOptions options, CancellationToken cancellationToken = default)
    {
        var panels = samples.Where(s => s.Sample.Count > 0).ToList();
        if (panels.Count == 0)
            throw new ArgumentException("There are no values for a QQ plot.", nameof(samples));
        return PlotDocument.Grid("QQ", panels, BuildPanel, options, PanelWidth, PanelHeight, cancellationToken);
    }

    private static PlotModel BuildPanel(QuantileSeries sample)
    {
        var panel = PanelStyle.NewPanel(sample.Title);
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Bottom, "normal quantile"));
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Left, "sample quantile"));
        panel.Annotations.Add(new LineAnnotation
        {
            Type = LineAnnotationType.LinearEquation,
            Intercept = sample.Intercept,
            Slope = sample.Slope,
            Color = OxyColor.FromRgb(0x70, 0x70, 0x70),
            LineStyle = LineStyle.Dash,
            StrokeThickness = 1,
        });
        var series = PanelStyle.Markers(sample.Sample.Count);
        for (int i = 0; i < sample.Sample.Count; i++)
        {
            if (PanelStyle.IsFinite(sample.Theoretical[i]) && PanelStyle.IsFinite(sample.Sample[i]))
                series.Points.Add(new OxyPlot.Series.ScatterPoint(sample.Theoretical[i], sample.Sample[i]));
        }
        panel.Series.Add(series);
        return panel;
    }
}
