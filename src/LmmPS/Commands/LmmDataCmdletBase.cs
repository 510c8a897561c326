using System.Collections;
using System.Management.Automation;
using LmmPS.Completion;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Commands;

/// <summary>
/// The data parameters New-LmmDesign and Invoke-LmmFit share: a formula plus CSV files (-Path, -LiteralPath) or
/// pipeline rows (-InputObject), the last three declared by <see cref="LmmRowSourceCmdletBase"/>. Each file gives one design; all pipeline rows together give one design, built when
/// the pipeline ends. Derived cmdlets receive each design through <see cref="OnDesign"/>.
/// </summary>
public abstract class LmmDataCmdletBase : LmmRowSourceCmdletBase
{

    private Formula? _formula;
    private DataReadOptions? _options;
    private IReadOnlyDictionary<string, ContrastSpec>? _contrasts;
    private PipelineRowReader? _rows;
    private int _pipedFiles;

    /// <summary>lme4 formula, e.g. <c>Reaction ~ Days + (Days | Subject)</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralPathSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipelineSet)]
    [ValidateNotNullOrEmpty]
    public string Formula { get; set; } = string.Empty;

    /// <summary>Columns to treat as (unordered) factors even when every value is a number.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [Alias("Factor")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Categorical { get; set; } = Array.Empty<string>();

    /// <summary>Columns to treat as ordered factors (polynomial contrasts in fixed effects).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [Alias("OrderedFactor")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Ordered { get; set; } = Array.Empty<string>();

    /// <summary>Columns that must be numeric: a value that is not a number is then an error naming its row, instead of
    /// turning the column into a factor.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Numeric { get; set; } = Array.Empty<string>();

    /// <summary>Explicit codings of factors of the fixed effects, as lme4's <c>contrasts = list(...)</c>: column name ->
    /// <c>Treatment</c>, <c>Sum</c>, <c>Helmert</c>, <c>Polynomial</c> or <c>Treatment:&lt;level&gt;</c>, e.g.
    /// <c>@{ cask = 'Sum' }</c>. Factors not listed keep R's defaults (treatment; polynomial when ordered).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNull]
    public Hashtable? Contrasts { get; set; }

    /// <summary>A numeric column of prior weights (lme4's <c>weights =</c>): observation i has residual variance
    /// sigma^2 / w_i. Every weight used must be finite and &gt; 0; a row whose weight is missing is dropped.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string? Weights { get; set; }

    /// <summary>CSV field delimiter (default comma, or the list separator of -Culture / -UseCulture).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public char Delimiter { get; set; } = ',';

    /// <summary>Read numbers written in this culture (e.g. de-DE: decimal comma); without -Delimiter the culture's list
    /// separator (';' for de-DE) separates the fields.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNullOrEmpty]
    public string? Culture { get; set; }

    /// <summary>As -Culture with the current culture (Get-Culture), like Import-Csv -UseCulture.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    public SwitchParameter UseCulture { get; set; }

    /// <summary>The files' text encoding (utf8, latin1, 1252, utf16, ...); default UTF-8, where an invalid byte is an error.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? Encoding { get; set; }

    /// <summary>True when this invocation reads data (not a ready-made design).</summary>
    private bool ReadsData => ParameterSetName is PathSet or LiteralPathSet or PipelineSet;

    /// <summary>Called for every design built from the data parameters.</summary>
    protected abstract void OnDesign(LmmDesign design);

    protected override void BeginProcessing()
    {
        if (!ReadsData)
            return;
        // Formula and options are checked before any row is read, so a typo fails at once.
        _formula = Guard(() => DesignFactory.ParseFormula(Formula), Formula);
        _contrasts = Contrasts is null ? null : Guard(() => DesignFactory.ParseContrasts(Contrasts), Formula);
        _options = Guard(() =>
        {
            var culture = CultureOptions.Resolve(Culture, UseCulture);
            char? delimiter = MyInvocation.BoundParameters.ContainsKey(nameof(Delimiter)) || culture is null
                ? Delimiter
                : CultureOptions.ListSeparator(culture);
            return ReadOptionsFactory.Create(Categorical, Ordered, Numeric, delimiter, CultureOptions.DecimalSeparator(culture),
                CultureOptions.Encoding(Encoding));
        }, Formula);
        if (ParameterSetName == PipelineSet)
            _rows = new PipelineRowReader(_options);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PipelineSet when InputObject?.BaseObject is FileSystemInfo fileOrFolder:
                // Get-ChildItem *.csv | Invoke-LmmFit f: each FileInfo is a file to read (as -LiteralPath), not a row.
                // PowerShell binds it to -InputObject (a PSObject parameter takes anything by value before any
                // by-property-name binding is tried), so the switch to file reading happens here.
                OnPipedFile(fileOrFolder);
                break;
            case PipelineSet when InputObject is not null:
                var row = InputObject;
                if (_pipedFiles > 0)
                    Guard<bool>(() => throw MixedPipeline(row), row);
                Guard(() => _rows!.AddRow(PairsOf(row, _rows.RowCount + 1)), row);
                break;
            case PathSet:
            case LiteralPathSet:
                foreach (var file in ResolveDataFiles())
                    ReadAndDeliver(file);
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != PipelineSet || _pipedFiles > 0)
            return;
        var data = Guard(() => _rows!.Build(), Formula);
        ReportTyping(data, "pipeline");
        OnDesign(Guard(() => DesignFactory.Create(_formula!, data, _options!, "pipeline", _contrasts, Weights, StopToken), Formula));
    }

    /// <summary>One file of a batch: a file that cannot be read or typed writes a non-terminating error and the
    /// next file is read.</summary>
    private void ReadAndDeliver(string file)
    {
        if (!TryGuard(() => DesignFactory.ReadData(file, _options!), file, out var data))
            return;
        ReportTyping(data, file);
        if (TryGuard(() => DesignFactory.Create(_formula!, data, _options!, file, _contrasts, Weights, StopToken), file, out var design))
            OnDesign(design);
    }

    /// <summary>Says how the formula's columns were typed (-Verbose) and warns about a factor that is almost all
    /// numbers, before the design is built (a typo that breaks the design is still pointed at).</summary>
    private void ReportTyping(DataFrame data, string source)
    {
        var formula = _formula!;
        var options = _options!;
        if (!TryGuard(() => DesignFactory.DescribeTyping(formula, data, options), source, out var typing))
            return;
        foreach (var line in typing.Verbose)
            WriteVerbose($"{source}: {line}");
        foreach (var warning in typing.Warnings)
            WriteWarning($"{source}: {warning}");
    }

    private void OnPipedFile(FileSystemInfo item)
    {
        if (_rows!.RowCount > 0)
            Guard<bool>(() => throw MixedPipeline(item), item);
        _pipedFiles++;
        if (item is DirectoryInfo)
        {
            TryGuard<bool>(() => throw FileNotFound(item.FullName, $"'{item.FullName}' is a directory; pipe files (Get-ChildItem *.csv -File).", null), item.FullName, out _);
            return;
        }
        ReadAndDeliver(item.FullName);
    }

    private static LmmException MixedPipeline(object item) =>
        new("InvalidPipelineInput", LmmErrorCategory.InvalidArgument,
            $"The pipeline mixes files (FileInfo) and data rows ('{item}'). Pipe either files (Get-ChildItem *.csv) or rows (Import-Csv data.csv), not both.");

    /// <summary>A pipeline object's columns: a dictionary's keys, otherwise its properties (note properties from
    /// Import-Csv and Select-Object, or a .NET object's public properties).</summary>
    internal static IEnumerable<KeyValuePair<string, object?>> PairsOf(PSObject row, long rowNumber)
    {
        var baseObject = row.BaseObject;
        if (baseObject is IDictionary dictionary)
            return PipelineRowReader.PairsOf(dictionary);
        if (baseObject is string || baseObject is ValueType)
        {
            throw new LmmException("InvalidPipelineInput", LmmErrorCategory.InvalidArgument,
                $"Pipeline row {rowNumber} is a {baseObject.GetType().Name} ('{baseObject}'), not an object with one property per column. " +
                "Pipe rows from Import-Csv or objects with properties; to read a CSV file, use -Path.")
            {
                Row = rowNumber,
            };
        }
        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (var property in row.Properties)
        {
            if (!property.IsGettable || (property.MemberType & PSMemberTypes.Properties) == 0)
                continue;
            var value = property.Value;
            pairs.Add(new KeyValuePair<string, object?>(property.Name, value is PSObject wrapped ? wrapped.BaseObject : value));
        }
        return pairs;
    }

    private static LmmException FileNotFound(string path, string message, Exception? inner) => FileResolver.FileNotFound(path, message, inner);
}
