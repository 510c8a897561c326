using System.Collections;
using System.Management.Automation;
using LmmPS.Conversion;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Prediction;

namespace LmmPS.Commands;

/// <summary>Get-LmmPrediction: lme4's predict(fit, newdata). Each input row comes back with its own properties plus
/// <c>Prediction</c>, so <c>Import-Csv new.csv | Get-LmmPrediction -Fit $fit | Export-Csv out.csv</c> keeps the
/// user's columns. New rows are read with the fit's design schema (its column kinds, levels and contrasts); -Path,
/// -LiteralPath and -InputObject are the data cmdlets' (<see cref="LmmRowSourceCmdletBase"/>).</summary>
[Cmdlet(VerbsCommon.Get, "LmmPrediction", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(PSObject))]
public sealed class GetLmmPredictionCommand : LmmRowSourceCmdletBase
{

    private PredictionModel? _model;
    private IReadOnlyCollection<string>? _groups;
    private DataReadOptions? _options;
    private readonly List<PSObject> _rows = new();
    private PipelineRowReader? _reader;

    /// <summary>A fit from Invoke-LmmFit, or one saved with Export-Clixml and read back with Import-Clixml.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public PSObject? Fit { get; set; }

    /// <summary><c>All</c> (default, lme4's re.form = NULL), <c>None</c> (re.form = NA: the population prediction x'beta),
    /// or the grouping factors whose terms contribute, named as the fit names them (<c>Subject</c>, <c>batch:cask</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] RandomEffects { get; set; } = { "All" };

    /// <summary><c>Population</c> (default): a grouping label the fit has not seen gets no random effect for its own
    /// term (lme4's allow.new.levels = TRUE). <c>Error</c>: such a row is a non-terminating error naming row, column and label.</summary>
    [Parameter]
    public LmmNewLevels NewLevels { get; set; } = LmmNewLevels.Population;

    /// <summary>CSV field delimiter (default comma).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public char Delimiter { get; set; } = ',';

    protected override void BeginProcessing()
    {
        _model = Guard(() => PredictionModelFactory.From(Fit!), Fit);
        _groups = RandomEffects.Length == 1 && string.Equals(RandomEffects[0], "All", StringComparison.OrdinalIgnoreCase) ? null
            : RandomEffects.Length == 1 && string.Equals(RandomEffects[0], "None", StringComparison.OrdinalIgnoreCase) ? Array.Empty<string>()
            : RandomEffects;
        Guard(() => Predictor.IncludedTerms(_model.Schema, _groups), RandomEffects);
        // Read the formula's variables as the fit read them (a factor whose labels look like numbers stays a factor).
        _options = new DataReadOptions { ColumnKinds = _model.Schema.ColumnKinds(), Delimiter = Delimiter };
        if (ParameterSetName == PipelineSet)
            _reader = new PipelineRowReader(_options);
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PipelineSet)
        {
            if (InputObject is null) return;
            var row = InputObject;
            Guard(() => SchemaColumns(() => { _reader!.AddRow(LmmDataCmdletBase.PairsOf(row, _reader.RowCount + 1)); return true; }), row);
            _rows.Add(row);
            return;
        }
        // A path that matches nothing or a file that cannot be read is a non-terminating error; the others are read.
        foreach (var file in ResolveDataFiles())
        {
            if (!TryGuard(() => SchemaColumns(() => CsvDataReader.ReadFile(file, _options!)), file, out var data))
                continue;
            var rows = Enumerable.Range(0, data.RowCount).Select(i => RowObject(data, i)).ToList();
            Emit(data, rows);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != PipelineSet || _rows.Count == 0)
            return;
        Emit(Guard(() => SchemaColumns(() => _reader!.Build()), Fit), _rows);
    }

    /// <summary>Reads new data with the schema's column kinds; a formula variable the data lacks is reported as the
    /// prediction's error (the reader would blame a column-type option the user never gave).</summary>
    private T SchemaColumns<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (LmmException e) when (e.ErrorId == "ColumnNotFound" && e.Column is { } name && _model!.Schema.Variable(name) is not null)
        {
            throw new LmmException("NewDataColumnNotFound", LmmErrorCategory.ObjectNotFound,
                $"The fit's formula '{_model.Schema.Formula}' uses '{name}', but the new data has no column of that name. Column names are case-sensitive.", e)
            {
                Column = name,
                Path = e.Path,
            };
        }
    }

    private void Emit(DataFrame data, IReadOnlyList<PSObject> rows)
    {
        var errors = new List<LmmException>();
        var policy = NewLevels == LmmNewLevels.Error ? UnknownLevelPolicy.Error : UnknownLevelPolicy.ZeroRandomEffect;
        var predictions = Guard(() => Predictor.Predict(_model!, data, _groups, policy, errors), Fit);
        var failed = new HashSet<long>();
        foreach (var e in errors)
        {
            failed.Add(e.Row!.Value);
            WriteError(new ErrorRecord(e, e.ErrorId, ErrorCategoryMap.ToErrorCategory(e.Category), rows[(int)e.Row.Value - 1]));
        }
        for (int i = 0; i < rows.Count; i++)
        {
            if (failed.Contains(i + 1)) continue;
            WriteObject(WithPrediction(rows[i], predictions[i]));
        }
    }

    /// <summary>A copy of the row with a Prediction property (null where lme4 gives NA: a missing predictor).</summary>
    private static PSObject WithPrediction(PSObject row, double prediction)
    {
        PSObject result;
        if (row.BaseObject is IDictionary dictionary)
        {
            result = new PSObject();
            foreach (DictionaryEntry entry in dictionary)
                result.Properties.Add(new PSNoteProperty(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", entry.Value));
        }
        else
            result = row.Copy();
        object? value = double.IsNaN(prediction) ? null : prediction;
        if (result.Properties["Prediction"] is PSNoteProperty existing)
            existing.Value = value;
        else
            result.Properties.Add(new PSNoteProperty("Prediction", value));
        return result;
    }

    /// <summary>A CSV row as an object: numbers as doubles, factors as their labels, missing values as null.</summary>
    private static PSObject RowObject(DataFrame data, int row)
    {
        var result = new PSObject();
        foreach (var column in data.Columns)
        {
            object? value = column.IsMissing(row) ? null
                : column is NumericColumn numeric ? numeric[row]
                : ((CategoricalColumn)column).Levels[((CategoricalColumn)column)[row]];
            result.Properties.Add(new PSNoteProperty(column.Name, value));
        }
        return result;
    }
}
