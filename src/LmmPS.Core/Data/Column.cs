namespace LmmPS.Core.Data;

/// <summary>A named, typed column of a <see cref="DataFrame"/>. Columns are immutable once built.</summary>
public abstract class Column
{
    protected Column(string name) => Name = name;

    public string Name { get; }

    public abstract int Length { get; }

    /// <summary>True when row <paramref name="row"/> (0-based) holds a missing value (empty field or NA).</summary>
    public abstract bool IsMissing(int row);
}
