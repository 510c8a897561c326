using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LmmPS.Plotting;

/// <summary>
/// lme4's <c>plot(fit)</c> on the response scale: residuals (y - fitted) against fitted values, one marker per
/// observation, with a dashed line at zero. One panel.
/// </summary>
public static class ResidualPlot
{
    private const double DefaultWidth = 480;
    private const double DefaultHeight = 400;

    public static PlotDocument Build(IReadOnlyList<ResidualPoint> points, PlotOptions options, CancellationToken cancellationToken = default)
    {
        var finite = points.Where(p => PanelStyle.IsFinite(p.Fitted) && PanelStyle.IsFinite(p.Residual)).ToList();
        if (finite.Count == 0)
            throw new ArgumentException("There are no residuals to plot.", nameof(points));
        double width = options.Width ?? DefaultWidth;
        double height = options.Height ?? DefaultHeight + (string.IsNullOrEmpty(options.Title) ? 0 : PlotDocument.TitleBand);

        var panel = PanelStyle.NewPanel("Residuals vs fitted");
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Bottom, "fitted"));
        panel.Axes.Add(PanelStyle.ValueAxis(AxisPosition.Left, "residual"));
        panel.Annotations.Add(PanelStyle.ReferenceLine(LineAnnotationType.Horizontal, 0));
        var series = PanelStyle.Markers(finite.Count);
        foreach (var point in finite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            series.Points.Add(new ScatterPoint(point.Fitted, point.Residual));
        }
        panel.Series.Add(series);
        var rows = new List<IReadOnlyList<PlotModel>> { new[] { panel } };
        return new PlotDocument("Residuals", options.Title, rows, new[] { 1.0 }, width, height);
    }
}
