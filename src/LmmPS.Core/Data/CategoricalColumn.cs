namespace LmmPS.Core.Data;

/// <summary>A factor: integer codes into <see cref="Levels"/>, -1 for missing. <see cref="IsOrdered"/> selects
/// polynomial contrasts (R's contr.poly) instead of treatment contrasts in a fixed-effects term.</summary>
public sealed class CategoricalColumn : Column
{
    private readonly int[] _codes;

    public CategoricalColumn(string name, int[] codes, IReadOnlyList<string> levels, bool isOrdered = false) : base(name)
    {
        _codes = codes;
        Levels = levels;
        IsOrdered = isOrdered;
    }

    public override int Length => _codes.Length;

    /// <summary>0-based level index per row; -1 where the value is missing.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    public int this[int row] => _codes[row];

    public IReadOnlyList<string> Levels { get; }

    public bool IsOrdered { get; }

    public override bool IsMissing(int row) => _codes[row] < 0;
}
