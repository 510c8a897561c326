using OxyPlot;
using OxyPlot.Axes;

namespace LmmPS.Plotting;

/// <summary>
/// Keeps every major tick labelled. OxyPlot 2.2 draws a major tick that lies just beyond the end of an axis (it
/// snaps it onto the plot area's edge) but not that tick's label, so a panel whose padded range ends a hair short of
/// a round value (sleepstudy's Days modes end at 9.997 with the 4% padding, next to the tick at 10) shows an
/// unlabelled tick at its edge, and a reader cannot tell what it marks. Extending the range to such a tick (by less
/// than a hundredth of a major step, well under a pixel) draws it with its label.
/// </summary>
internal static class AxisEnds
{
    /// <summary>How far beyond the range (in major steps) a tick still counts as sitting on the edge.</summary>
    private const double EdgeTolerance = 1e-2;

    /// <summary>Lays the panel out once in <paramref name="scratch"/> (OxyPlot chooses the major step from the
    /// rectangle), then moves an axis end onto a major tick lying just beyond it.</summary>
    public static void SnapToEdgeTicks(PlotModel panel, IRenderContext scratch, OxyRect rectangle)
    {
        IPlotModel model = panel;
        model.Update(true);
        model.Render(scratch, rectangle);
        foreach (var axis in panel.Axes.OfType<LinearAxis>())
        {
            double step = axis.ActualMajorStep, min = axis.ActualMinimum, max = axis.ActualMaximum;
            if (!(step > 0) || double.IsInfinity(min) || double.IsInfinity(max))
                continue;
            // Major ticks are the multiples of the step (OxyPlot's CreateTickValues).
            double above = Math.Ceiling(max / step) * step;
            if (above > max && above - max <= EdgeTolerance * step)
                axis.Maximum = above;
            double below = Math.Floor(min / step) * step;
            if (below < min && min - below <= EdgeTolerance * step)
                axis.Minimum = below;
        }
    }
}
