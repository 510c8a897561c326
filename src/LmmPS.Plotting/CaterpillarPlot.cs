using System.Globalization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LmmPS.Plotting;

/// <summary>
/// lme4's <c>dotplot(ranef(fit, condVar = TRUE))</c>: for each grouping factor one row of panels, one panel per
/// random-effect column; each level is a point at its conditional mode with a bar of +-1.96 conditional SDs, and the
/// levels are ordered by their mode in the factor's first column (lme4's and MixedModelsMakie's default), the same
/// order in every panel of the row so a level reads across. Every level keeps its point; only the level labels are
/// thinned (a label at every k-th rank) so that a factor with thousands of levels (InstEval's s: 2,972) stays
/// readable.
/// </summary>
public static class CaterpillarPlot
{
    /// <summary>Pixels a level gets when the height is chosen from the content.</summary>
    private const double PixelsPerLevel = 12;
    /// <summary>Room for a row's panel title and x-axis (pixels) when the height is chosen from the content.</summary>
    private const double RowOverhead = 90;
    /// <summary>Smallest plot area a row gets (pixels), however few its levels next to a large factor's.</summary>
    private const double MinPlotArea = 100;
    /// <summary>Tallest picture chosen from the content; -Height may ask for more.</summary>
    private const double MaxAutoHeight = 5000;
    /// <summary>Smallest distance between two level labels, in pixels.</summary>
    private const double LabelSpacing = 12;

    public static PlotDocument Build(IReadOnlyList<ConditionalModeRow> rows, PlotOptions options, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
            throw new ArgumentException("There are no conditional modes to plot.", nameof(rows));
        var groups = rows.GroupBy(r => r.Group).ToList();
        var levelCounts = groups.Select(g => g.Select(r => r.Level).Distinct().Count()).ToList();
        int maxColumns = groups.Max(g => g.Select(r => r.Column).Distinct().Count());

        double titleBand = string.IsNullOrEmpty(options.Title) ? 0 : PlotDocument.TitleBand;
        double width = options.Width ?? Math.Max(480, 110 + 300 * maxColumns);
        double height = options.Height ?? Math.Min(MaxAutoHeight, Math.Max(320,
            titleBand + levelCounts.Sum(n => Math.Max(MinPlotArea, n * PixelsPerLevel) + RowOverhead)));
        var plotAreas = ShareHeight(levelCounts, height - titleBand - RowOverhead * groups.Count);
        var weights = plotAreas.Select(a => a + RowOverhead).ToList();

        var panelRows = new List<IReadOnlyList<PlotModel>>();
        for (int g = 0; g < groups.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            panelRows.Add(BuildGroup(groups[g].Key, groups[g].ToList(), plotAreas[g] / levelCounts[g]));
        }
        return new PlotDocument("Caterpillar", options.Title, panelRows, weights, width, height);
    }

    /// <summary>Splits <paramref name="available"/> pixels of plot area between the rows in proportion to their
    /// levels, except that no row gets less than <see cref="MinPlotArea"/> (or an equal share, when even that does
    /// not fit): a 28-level factor beside InstEval's 2,972-level one stays legible.</summary>
    private static List<double> ShareHeight(IReadOnlyList<int> levels, double available)
    {
        double floor = Math.Min(MinPlotArea, Math.Max(available, 1) / levels.Count);
        var areas = levels.Select(_ => floor).ToList();
        var proportional = Enumerable.Range(0, levels.Count).ToList();
        // Rows whose proportional share falls below the floor keep the floor; the rest share what is left.
        for (int pass = 0; pass < levels.Count && proportional.Count > 0; pass++)
        {
            double left = Math.Max(available, 1) - floor * (levels.Count - proportional.Count);
            double perLevel = left / proportional.Sum(i => levels[i]);
            var small = proportional.Where(i => levels[i] * perLevel < floor).ToList();
            if (small.Count == 0)
            {
                foreach (int i in proportional)
                    areas[i] = levels[i] * perLevel;
                break;
            }
            proportional.RemoveAll(small.Contains);
        }
        return areas;
    }

    private static IReadOnlyList<PlotModel> BuildGroup(string group, List<ConditionalModeRow> rows, double levelPixels)
    {
        var columns = rows.Select(r => r.Column).Distinct().ToList();
        // Order by the first column's mode; ties keep the factor's level order (OrderBy is stable).
        var order = rows.Where(r => r.Column == columns[0]).OrderBy(r => r.Mode).Select(r => r.Level).ToList();
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++)
            rank[order[i]] = i;

        int step = Math.Max(1, (int)Math.Ceiling(LabelSpacing / levelPixels));
        double markerSize = Math.Max(0.8, Math.Min(3, levelPixels / 3));
        var panels = new List<PlotModel>();
        foreach (var column in columns)
        {
            var panel = PanelStyle.NewPanel(group);
            var x = PanelStyle.ValueAxis(AxisPosition.Bottom, column);
            // The series' own range covers the points only; the axis must hold the whole intervals.
            var ofColumn = rows.Where(r => r.Column == column).ToList();
            double low = ofColumn.Min(r => r.Mode - PanelStyle.Z975 * r.CondSD), high = ofColumn.Max(r => r.Mode + PanelStyle.Z975 * r.CondSD);
            double pad = 0.04 * Math.Max(high - low, 1e-12);
            x.Minimum = Math.Min(low, 0) - pad;
            x.Maximum = Math.Max(high, 0) + pad;
            var y = new LinearAxis
            {
                Position = AxisPosition.Left,
                Minimum = -0.5,
                Maximum = order.Count - 0.5,
                MajorStep = step,
                MinorStep = step,
                TickStyle = TickStyle.Outside,
                AxisTitleDistance = PanelStyle.AxisTitleGap,
                IsZoomEnabled = false,
                IsPanEnabled = false,
                // Ranks are the y values; the labels are the level names at every step-th rank.
                LabelFormatter = v => LevelAt(order, v),
            };
            panel.Axes.Add(x);
            panel.Axes.Add(y);
            panel.Annotations.Add(PanelStyle.ReferenceLine(LineAnnotationType.Vertical, 0));
            var series = new ScatterErrorSeries
            {
                MarkerType = MarkerType.Circle,
                MarkerSize = markerSize,
                MarkerFill = OxyColor.FromRgb(0x1F, 0x4E, 0x9A),
                ErrorBarColor = OxyColor.FromRgb(0x7A, 0x9C, 0xCF),
                ErrorBarStrokeThickness = Math.Min(1.5, Math.Max(0.5, levelPixels / 4)),
                ErrorBarStopWidth = 0,
            };
            foreach (var row in ofColumn)
                // OxyPlot draws an error bar from X - ErrorX/2 to X + ErrorX/2: ErrorX is the interval's full width.
                series.Points.Add(new ScatterErrorPoint(row.Mode, rank[row.Level], 2 * PanelStyle.Z975 * row.CondSD, 0));
            panel.Series.Add(series);
            panels.Add(panel);
        }
        return panels;
    }

    private static string LevelAt(List<string> order, double value)
    {
        double rounded = Math.Round(value);
        if (Math.Abs(value - rounded) > 1e-6 || rounded < 0 || rounded >= order.Count)
            return string.Empty;
        return order[(int)rounded];
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
