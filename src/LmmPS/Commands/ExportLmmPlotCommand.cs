using System.Management.Automation;
using LmmPS.Conversion;

namespace LmmPS.Commands;

/// <summary>
/// Export-LmmPlot: draws a fit's conditional modes (Caterpillar), residuals (Residuals, QQ) or a profile's zeta traces (Profile) into an SVG
/// file and returns its FileInfo. Several inputs with a path pattern such as plot-{0}.svg write one file each.
/// The layout lives in LmmPS.Plotting (OxyPlot); this class only resolves paths and reports.
/// </summary>
[Cmdlet(VerbsData.Export, "LmmPlot")]
[OutputType(typeof(FileInfo))]
public sealed class ExportLmmPlotCommand : LmmCmdletBase
{
    private const int ProgressActivityId = 4209;
    private int _index;

    /// <summary>A fit (Invoke-LmmFit) or a profile (Get-LmmProfile).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    public LmmPlotKind Kind { get; set; }

    /// <summary>The .svg file; relative to the current location; {0} becomes the input's 0-based position.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Picture width in pixels (default: from the number of panels).</summary>
    [Parameter]
    [ValidateRange(100, 20000)]
    public double Width { get; set; }

    /// <summary>Picture height in pixels (default: from the number of panels and levels).</summary>
    [Parameter]
    [ValidateRange(100, 20000)]
    public double Height { get; set; }

    [Parameter]
    public string? Title { get; set; }

    /// <summary>Overwrite an existing file (never a read-only one).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        string extension = System.IO.Path.GetExtension(Path.Replace(PlotPathResolver.PatternToken, "0"));
        // A folder passed as -Path gets its own error from the resolver (PlotPathIsDirectory), not this one.
        if (!string.Equals(extension, ".svg", StringComparison.OrdinalIgnoreCase) && !PlotPathResolver.IsDirectory(this, Path))
        {
            var ex = new ArgumentException($"Export-LmmPlot writes SVG files (.svg); '{Path}' ends in '{extension}'. PNG would need a native rasteriser, which LmmPS does not ship: convert the SVG (rsvg-convert, Inkscape, a browser).");
            ThrowTerminatingError(new ErrorRecord(ex, "UnsupportedPlotFormat", ErrorCategory.InvalidArgument, Path));
        }
    }

    protected override void ProcessRecord()
    {
        int index = _index++;
        object input = InputObject!.BaseObject;
        if (index > 0 && !PlotPathResolver.IsPattern(Path))
        {
            var ex = new ArgumentException($"Input {index} would overwrite the plot of input 0 at '{Path}'. With several inputs give a pattern such as 'plot-{{0}}.svg'.");
            WriteError(new ErrorRecord(ex, "PlotPathNeedsPattern", ErrorCategory.InvalidArgument, input));
            return;
        }
        string? full = PlotPathResolver.Resolve(this, Path, index, Force, out var pathError);
        if (full is null)
        {
            WriteError(pathError!);
            return;
        }
        // One record per input (the pipeline's length is unknown) and one per panel drawn, so a long picture
        // (InstEval's 2,972 levels) shows it is moving; Ctrl+C cancels StopToken, which layout and drawing check.
        string activity = $"Export-LmmPlot {Kind}";
        WriteProgress(new ProgressRecord(ProgressActivityId, activity, $"Input {index + 1}: laying out {full}"));
        byte[]? svg = Guard(() => Draw(input, activity, index, full), input);
        WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        if (svg is null)
            return;
        var file = PlotPathResolver.Write(full, svg, out var writeError);
        if (file is null)
            WriteError(writeError!);
        else
            WriteObject(file);
    }

    /// <summary>The SVG bytes, or null after writing the error for an input that cannot give this kind.</summary>
    private byte[]? Draw(object input, string activity, int index, string full)
    {
        var options = new Plotting.PlotOptions
        {
            Width = Width > 0 ? Width : null,
            Height = Height > 0 ? Height : null,
            Title = Title,
        };
        var document = PlotInput.Build(Kind, input, options, StopToken, out string? problem);
        if (document is null)
        {
            WriteError(new ErrorRecord(new ArgumentException(problem), "PlotKindNotAvailable", ErrorCategory.InvalidArgument, input));
            return null;
        }
        WriteVerbose($"{document.Kind}: {document.PanelCount} panel(s), {document.Width} x {document.Height} px");
        var panels = new PanelProgress(this, activity, $"Input {index + 1}: drawing {full}", document.PanelCount);
        return document.ToSvg(StopToken, panels);
    }

    /// <summary>Progress per panel drawn. ToSvg runs on the pipeline thread, so it may write progress directly.</summary>
    private sealed class PanelProgress : IProgress<int>
    {
        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private readonly string _status;
        private readonly int _panels;

        public PanelProgress(Cmdlet cmdlet, string activity, string status, int panels)
        {
            _cmdlet = cmdlet;
            _activity = activity;
            _status = status;
            _panels = Math.Max(panels, 1);
        }

        public void Report(int drawn) =>
            _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, _activity, _status)
            {
                CurrentOperation = $"panel {drawn} of {_panels}",
                PercentComplete = Math.Min(100, 100 * drawn / _panels),
            });
    }
}
