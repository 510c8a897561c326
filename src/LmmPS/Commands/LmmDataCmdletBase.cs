using System.Collections;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Commands;

/// <summary>
/// The data parameters New-LmmDesign and Invoke-LmmFit share: a formula plus CSV files (-Path, -LiteralPath) or
/// pipeline rows (-InputObject). Each file gives one design; all pipeline rows together give one design, built when
/// the pipeline ends. Derived cmdlets receive each design through <see cref="OnDesign"/>.
/// </summary>
public abstract class LmmDataCmdletBase : LmmCmdletBase
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";
    internal const string PipelineSet = "Pipeline";

    private Formula? _formula;
    private DataReadOptions? _options;
    private PipelineRowReader? _rows;

    /// <summary>lme4 formula, e.g. <c>Reaction ~ Days + (Days | Subject)</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralPathSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipelineSet)]
    [ValidateNotNullOrEmpty]
    public string Formula { get; set; } = string.Empty;

    /// <summary>CSV files (wildcards allowed), resolved relative to the current PowerShell location.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>CSV files, taken exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>A data row: any object whose properties are the columns (e.g. from Import-Csv), or a hashtable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>Columns to treat as (unordered) factors even when every value is a number.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [Alias("Factor")]
    [ValidateNotNull]
    public string[] Categorical { get; set; } = Array.Empty<string>();

    /// <summary>Columns to treat as ordered factors (polynomial contrasts in fixed effects).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = PipelineSet)]
    [Alias("OrderedFactor")]
    [ValidateNotNull]
    public string[] Ordered { get; set; } = Array.Empty<string>();

    /// <summary>CSV field delimiter (default comma).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public char Delimiter { get; set; } = ',';

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
        _options = Guard(() => ReadOptionsFactory.Create(Categorical, Ordered, Delimiter), Formula);
        if (ParameterSetName == PipelineSet)
            _rows = new PipelineRowReader(_options);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PipelineSet when InputObject is not null:
                var row = InputObject;
                Guard(() => _rows!.AddRow(PairsOf(row, _rows.RowCount + 1)), row);
                break;
            case PathSet:
            case LiteralPathSet:
                foreach (var file in ResolveFiles())
                    OnDesign(Guard(() => DesignFactory.ReadFile(_formula!, file, _options!), file));
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != PipelineSet)
            return;
        var data = Guard(() => _rows!.Build(), Formula);
        OnDesign(Guard(() => DesignFactory.Create(_formula!, data, _options!, "pipeline"), Formula));
    }

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

    /// <summary>Resolves -Path (wildcards, PowerShell-relative) or -LiteralPath to file-system paths through the
    /// provider, so relative paths follow $PWD rather than the process's working directory.</summary>
    private IEnumerable<string> ResolveFiles() =>
        ParameterSetName == PathSet
            ? Path.SelectMany(pattern => Guard(() => FileResolver.ResolvePattern(SessionState, pattern), pattern)).ToList()
            : LiteralPath.Select(literal => Guard(() => FileResolver.ResolveLiteral(SessionState, literal), literal)).ToList();
}
