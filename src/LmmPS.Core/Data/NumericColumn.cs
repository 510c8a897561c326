namespace LmmPS.Core.Data;

/// <summary>A numeric column. Missing values are stored as NaN; a literal NaN or infinity in the input is
/// rejected when the column is read, so NaN here always means "missing".</summary>
public sealed class NumericColumn : Column
{
    private readonly double[] _values;

    public NumericColumn(string name, double[] values) : base(name) => _values = values;

    public override int Length => _values.Length;

    public ReadOnlySpan<double> Values => _values;

    public double this[int row] => _values[row];

    public override bool IsMissing(int row) => double.IsNaN(_values[row]);
}
