namespace LmmPS.Core.Design;

/// <summary>One named column of a model matrix, over the rows used.</summary>
internal sealed class DesignColumn
{
    public DesignColumn(string name, double[] values, int[]? nonZeroRows = null)
    {
        Name = name;
        Values = values;
        NonZeroRows = nonZeroRows;
    }

    public string Name { get; }

    public double[] Values { get; }

    /// <summary>The rows where <see cref="Values"/> is non-zero, increasing, when known (a factor's indicators): the
    /// rank check and X's copy then read only these (a 5,000-level factor's columns are 1 GB on 25,000 rows, all but
    /// 25,000 of the values zero, and reading them was most of the design's build time).</summary>
    public int[]? NonZeroRows { get; }
}
