using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>
/// Collects one column's values in a single pass and decides its type on the way: values go into a double buffer
/// while every one parses as a number; the first value that does not (in an Auto column) converts the column to
/// level coding. Row numbers in errors are 1-based data rows (the value's position in the column).
/// </summary>
internal sealed class ColumnAccumulator
{
    private const int InitialCapacity = 1024;

    // Beyond this many non-canonical numeric texts (typically 16-17 digit decimals) we drop them all: a column like
    // that is continuous data, and keeping every original string would double the memory of a large read. All, not
    // just the later ones, so that if the column still turns categorical one number never gets two labels.
    private const int MaxKeptNumericTexts = 1 << 16;

    private readonly string _name;
    private readonly ColumnRule _rule;
    private readonly string? _source;
    private int _count;

    private double[]? _numbers;
    private Dictionary<int, string>? _keptNumericText;
    private bool _numericTextDropped;
    private int _firstNonFiniteRow = -1;

    private int[]? _codes;
    private LevelTable? _levels;
    private List<int>? _labelFirstRow;

    public ColumnAccumulator(string name, ColumnRule rule, string? source)
    {
        _name = name;
        _rule = rule;
        _source = source;
        if (rule.IsForcedCategorical) StartCategorical(InitialCapacity);
        else
        {
            _numbers = new double[InitialCapacity];
            _keptNumericText = new Dictionary<int, string>();
        }
    }

    public int Count => _count;

    private bool IsCategorical => _codes is not null;

    public void AddMissing()
    {
        if (IsCategorical) { EnsureCodeCapacity(); _codes![_count++] = -1; }
        else { EnsureNumberCapacity(); _numbers![_count++] = double.NaN; }
    }

    /// <summary>Adds a field's text; the caller has already decided it is not missing.</summary>
    public void AddText(string text)
    {
        if (IsCategorical) { AddLabel(text); return; }
        switch (NumberText.Classify(text, out var value, _rule.Numbers))
        {
            case NumberTextKind.Finite:
                AddNumber(value, text);
                return;
            case NumberTextKind.NonFinite:
                if (_rule.Kind == ColumnKind.Numeric) throw NonFinite(_count, text);
                // Not an error yet: a later non-numeric value may still make this an ordinary factor label.
                if (_firstNonFiniteRow < 0) _firstNonFiniteRow = _count;
                EnsureNumberCapacity();
                _keptNumericText![_count] = text;
                _numbers![_count++] = double.NaN;
                return;
            default:
                if (_rule.Kind == ColumnKind.Numeric)
                    throw DataErrors.Create("NonNumericValue", LmmErrorCategory.InvalidData,
                        $"Column '{_name}' is declared Numeric but data row {_count + 1}{DataErrors.InSource(_source)} holds {DataErrors.Show(text)}, " +
                        "which is not a number. Fix the value, make it missing (empty or NA), or drop the column from -Numeric.",
                        column: _name, row: _count + 1, path: _source);
                SwitchToCategorical();
                AddLabel(text);
                return;
        }
    }

    /// <summary>Adds a finite number; <paramref name="label"/> is its text, used if the column ends up categorical.</summary>
    public void AddNumber(double value, string label)
    {
        if (IsCategorical) { AddLabel(label); return; }
        EnsureNumberCapacity();
        if (!_numericTextDropped && !NumberText.IsCanonical(label))
        {
            if (_keptNumericText!.Count < MaxKeptNumericTexts) _keptNumericText[_count] = label;
            else { _numericTextDropped = true; DropKeptTextsExceptNonFinite(); }
        }
        _numbers![_count++] = value;
    }

    public Column Build()
    {
        if (!IsCategorical)
        {
            if (_firstNonFiniteRow >= 0)
                throw NonFinite(_firstNonFiniteRow, _keptNumericText![_firstNonFiniteRow]);
            var values = _numbers!;
            if (values.Length != _count) Array.Resize(ref values, _count);
            return new NumericColumn(_name, values);
        }

        var codes = _codes!;
        if (codes.Length != _count) Array.Resize(ref codes, _count);
        var newPosition = _rule.LevelOrder is null
            ? LevelOrdering.Automatic(_levels!.Labels)
            : LevelOrdering.Given(_name, _levels!.Labels, _labelFirstRow!, _rule.LevelOrder, _source);
        for (int i = 0; i < codes.Length; i++)
            if (codes[i] >= 0) codes[i] = newPosition[codes[i]];
        var levels = new string[newPosition.Length];
        if (_rule.LevelOrder is null)
            for (int old = 0; old < newPosition.Length; old++) levels[newPosition[old]] = _levels!.Labels[old];
        else
            levels = _rule.LevelOrder.ToArray();
        return new CategoricalColumn(_name, codes, levels, _rule.Kind == ColumnKind.OrderedCategorical);
    }

    private LmmException NonFinite(int row, string text) =>
        DataErrors.Create("NonFiniteValue", LmmErrorCategory.InvalidData,
            $"Column '{_name}' is numeric but data row {row + 1}{DataErrors.InSource(_source)} holds {DataErrors.Show(text)}. " +
            "NaN and infinite values are not allowed (NaN is reserved for missing): write a missing value as an empty field or NA, or fix the value.",
            column: _name, row: row + 1, path: _source);

    private void AddLabel(string label)
    {
        EnsureCodeCapacity();
        int code = _levels!.GetOrAdd(label, out bool added);
        if (added) _labelFirstRow!.Add(_count);
        _codes![_count++] = code;
    }

    private void StartCategorical(int capacity)
    {
        _codes = new int[capacity];
        _levels = new LevelTable();
        _labelFirstRow = new List<int>();
    }

    /// <summary>Re-codes the rows read so far as labels: their original text where it was kept (non-canonical or
    /// non-finite texts), otherwise the number's shortest round-trip text, which equals the original for canonical texts.</summary>
    private void SwitchToCategorical()
    {
        var numbers = _numbers!;
        var kept = _keptNumericText!;
        int rows = _count;
        StartCategorical(numbers.Length);
        _count = 0;
        for (int row = 0; row < rows; row++)
        {
            if (kept.TryGetValue(row, out var text)) AddLabel(text);
            else if (double.IsNaN(numbers[row])) AddMissing();
            else AddLabel(NumberText.Format(numbers[row]));
        }
        _numbers = null;
        _keptNumericText = null;
        _firstNonFiniteRow = -1;
    }

    private void DropKeptTextsExceptNonFinite()
    {
        // Non-finite texts must survive: they are either the NonFiniteValue error's evidence or a factor label.
        var nonFinite = new Dictionary<int, string>();
        foreach (var pair in _keptNumericText!)
            if (double.IsNaN(_numbers![pair.Key])) nonFinite.Add(pair.Key, pair.Value);
        _keptNumericText = nonFinite;
    }

    private void EnsureNumberCapacity()
    {
        if (_count == _numbers!.Length) Array.Resize(ref _numbers, checked(_numbers.Length * 2));
    }

    private void EnsureCodeCapacity()
    {
        if (_count == _codes!.Length) Array.Resize(ref _codes, checked(_codes.Length * 2));
    }
}
