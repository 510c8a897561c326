using OxyPlot;

namespace LmmPS.Plotting;

/// <summary>
/// A finished picture: rows of OxyPlot panels (one PlotModel each) and an optional title, rendered into one SVG.
/// OxyPlot has no facets, but <see cref="IPlotModel.Render"/> draws a model into any rectangle of a render context,
/// so a grid of panels is only a matter of handing each model its rectangle. Row heights follow
/// <see cref="PlotDocument.RowWeights"/> (a caterpillar row is as tall as its levels need); panels share their row's
/// width equally.
/// </summary>
public sealed class PlotDocument
{
    internal const double TitleBand = 32;
    private const double TitleFontSize = 16;

    internal PlotDocument(string kind, string? title, IReadOnlyList<IReadOnlyList<PlotModel>> rows, IReadOnlyList<double> rowWeights,
        double width, double height, int? columns = null)
    {
        Kind = kind;
        Columns = columns;
        Title = title;
        Rows = rows;
        RowWeights = rowWeights;
        Width = width;
        Height = height;
    }

    /// <summary>Equal panels in a near-square grid (ceil(sqrt(n)) columns, filled row by row, every panel one
    /// column wide, so a short last row is left-aligned): the profile and QQ layouts. The size not given in <paramref name="options"/> is panelWidth x panelHeight per cell, plus the title.</summary>
    internal static PlotDocument Grid<T>(string kind, IReadOnlyList<T> items, Func<T, PlotModel> buildPanel, PlotOptions options,
        double panelWidth, double panelHeight, CancellationToken cancellationToken)
    {
        int columns = (int)Math.Ceiling(Math.Sqrt(items.Count));
        int rowCount = (items.Count + columns - 1) / columns;
        double width = options.Width ?? columns * panelWidth;
        double height = options.Height ?? rowCount * panelHeight + (string.IsNullOrEmpty(options.Title) ? 0 : TitleBand);
        var rows = new List<IReadOnlyList<PlotModel>>();
        for (int r = 0; r < rowCount; r++)
        {
            var row = new List<PlotModel>();
            for (int c = 0; c < columns && r * columns + c < items.Count; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.Add(buildPanel(items[r * columns + c]));
            }
            rows.Add(row);
        }
        return new PlotDocument(kind, options.Title, rows, rows.Select(_ => 1.0).ToList(), width, height, columns);
    }

    /// <summary>Caterpillar, Profile, ...</summary>
    public string Kind { get; }

    public string? Title { get; }

    public double Width { get; }

    public double Height { get; }

    public int PanelCount => Rows.Sum(r => r.Count);

    internal IReadOnlyList<IReadOnlyList<PlotModel>> Rows { get; }

    internal IReadOnlyList<double> RowWeights { get; }

    /// <summary>The grid's column count, so that a short last row keeps the other rows' panel width (a lone panel
    /// stretched over the whole width got a longer axis, whose extra major tick at the edge had no label); null: the
    /// panels of each row share its width (the caterpillar's rows, one per grouping factor).</summary>
    internal int? Columns { get; }

    /// <summary>The picture as an SVG document (UTF-8). <paramref name="panelsDrawn"/> hears the number of panels
    /// drawn so far after each one.</summary>
    public byte[] ToSvg(CancellationToken cancellationToken = default, IProgress<int>? panelsDrawn = null)
    {
        int drawn = 0;
        using var stream = new MemoryStream();
        // OxyPlot's own SvgExporter measures text with its managed PDF context; so do we. The vertical-alignment
        // workaround places text by offsets instead of dominant-baseline, which librsvg and Inkscape ignore.
        var measurer = new PdfRenderContext(Width, Height, OxyColors.White);
        using var scratch = new SvgRenderContext(Stream.Null, Width, Height, false, measurer, OxyColors.Undefined, true);
        using (var context = new SvgRenderContext(stream, Width, Height, true, measurer, OxyColors.White, true))
        {
            double top = 0;
            if (!string.IsNullOrEmpty(Title))
            {
                context.DrawText(new ScreenPoint(Width / 2, TitleBand / 2), Title, OxyColors.Black, PanelStyle.Font, TitleFontSize, FontWeights.Bold, 0,
                    HorizontalAlignment.Center, VerticalAlignment.Middle, null);
                top = TitleBand;
            }
            double available = Height - top;
            double total = RowWeights.Sum();
            for (int r = 0; r < Rows.Count; r++)
            {
                double rowHeight = available * RowWeights[r] / total;
                double panelWidth = Width / (Columns ?? Rows[r].Count);
                for (int c = 0; c < Rows[r].Count; c++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rectangle = new OxyRect(c * panelWidth, top, panelWidth, rowHeight);
                    AxisEnds.SnapToEdgeTicks(Rows[r][c], scratch, rectangle);
                    IPlotModel model = Rows[r][c];
                    model.Update(true);
                    model.Render(context, rectangle);
                    panelsDrawn?.Report(++drawn);
                }
                top += rowHeight;
            }
            context.Complete();
            context.Flush();
        }
        return stream.ToArray();
    }
}
