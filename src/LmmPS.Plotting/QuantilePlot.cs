using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LmmPS.Plotting;

/// <summary>
/// R's <c>qqnorm(y); qqline(y)</c>: per sample one panel of the sorted sample against the normal scores, one marker
/// per value, with the quartile line dashed over the sample's range. Panels fill a near-square grid as the profile plot's do.
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
        if (QuartileSegment(sample) is { } segment)
            panel.Series.Add(segment);
        var series = PanelStyle.Markers(sample.Sample.Count);
        for (int i = 0; i < sample.Sample.Count; i++)
        {
            if (PanelStyle.IsFinite(sample.Theoretical[i]) && PanelStyle.IsFinite(sample.Sample[i]))
                series.Points.Add(new ScatterPoint(sample.Theoretical[i], sample.Sample[i]));
        }
        panel.Series.Add(series);
        return panel;
    }

    /// <summary>The dashed quartile line, drawn over the sample's box only: from the smallest to the largest normal
    /// score, cut where it leaves the sample's range. A line across the whole panel (R's abline) would run past the
    /// plot area and rely on clipping, which leaves its coordinates outside the panel in the SVG.</summary>
    private static LineSeries? QuartileSegment(QuantileSeries sample)
    {
        var xs = sample.Theoretical.Where(PanelStyle.IsFinite).ToArray();
        var ys = sample.Sample.Where(PanelStyle.IsFinite).ToArray();
        if (xs.Length == 0 || ys.Length == 0 || !PanelStyle.IsFinite(sample.Intercept) || !PanelStyle.IsFinite(sample.Slope))
            return null;
        double x0 = xs.Min(), x1 = xs.Max(), y0 = ys.Min(), y1 = ys.Max();
        if (sample.Slope != 0)
        {
            // x where the line crosses y0 and y1, in increasing order (the slope may be negative).
            double a = (y0 - sample.Intercept) / sample.Slope, b = (y1 - sample.Intercept) / sample.Slope;
            x0 = Math.Max(x0, Math.Min(a, b));
            x1 = Math.Min(x1, Math.Max(a, b));
        }
        if (!(x1 > x0))
            return null;
        var line = new LineSeries
        {
            Color = OxyColor.FromRgb(0x70, 0x70, 0x70),
            LineStyle = LineStyle.Dash,
            StrokeThickness = 1,
        };
        line.Points.Add(new DataPoint(x0, sample.Intercept + sample.Slope * x0));
        line.Points.Add(new DataPoint(x1, sample.Intercept + sample.Slope * x1));
        return line;
    }
}
