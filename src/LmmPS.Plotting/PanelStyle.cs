using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LmmPS.Plotting;

/// <summary>The look every panel shares: small titles, light grid, no zooming chrome. Layout choices only.</summary>
internal static class PanelStyle
{
    public const double PanelTitleFontSize = 12;
    public const double AxisFontSize = 10;
    public const string Font = "Arial, Helvetica, sans-serif";
    public const double AxisTitleGap = 6;

    /// <summary>The normal quantile for the 95% lines (qnorm(0.975)).</summary>
    public const double Z975 = 1.959963984540054;

    public static PlotModel NewPanel(string title) => new()
    {
        Title = title,
        TitleFontSize = PanelTitleFontSize,
        TitleFontWeight = FontWeights.Normal,
        DefaultFontSize = AxisFontSize,
        DefaultFont = Font,
        PlotAreaBorderColor = OxyColor.FromRgb(0x80, 0x80, 0x80),
        Background = OxyColors.Undefined,
        IsLegendVisible = false,
    };

    public static LinearAxis ValueAxis(AxisPosition position, string title) => new()
    {
        Position = position,
        Title = title,
        // OxyPlot places axis titles by the PDF measurer's text metrics; a few pixels more keep them off the labels.
        AxisTitleDistance = AxisTitleGap,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(0xE4, 0xE4, 0xE4),
        IsZoomEnabled = false,
        IsPanEnabled = false,
        // Room beyond the outermost point so its marker is not cut in half by the plot area's edge.
        MinimumPadding = 0.04,
        MaximumPadding = 0.04,
    };

    /// <summary>A dashed reference line (zero, +-1.96).</summary>
    public static LineAnnotation ReferenceLine(LineAnnotationType type, double at) => new()
    {
        Type = type,
        X = type == LineAnnotationType.Vertical ? at : 0,
        Y = type == LineAnnotationType.Horizontal ? at : 0,
        Color = OxyColor.FromRgb(0x70, 0x70, 0x70),
        LineStyle = LineStyle.Dash,
        StrokeThickness = 1,
    };

    /// <summary>Open circles for one marker per observation: smaller as they get many, so a cloud of thousands of
    /// points still shows where it is dense.</summary>
    public static ScatterSeries Markers(int count) => new()
    {
        MarkerType = MarkerType.Circle,
        MarkerSize = count > 2000 ? 1.2 : count > 300 ? 2 : 2.8,
        MarkerFill = OxyColors.Transparent,
        MarkerStroke = OxyColor.FromRgb(0x1F, 0x4E, 0x9A),
        MarkerStrokeThickness = 0.8,
    };

    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
}
