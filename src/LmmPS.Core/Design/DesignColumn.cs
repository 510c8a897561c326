namespace LmmPS.Core.Design;

/// <summary>One named column of a model matrix, over the rows used.</summary>
internal sealed class DesignColumn
{
    public DesignColumn(string name, double[] values)
    {
        Name = name;
        Values = values;
    }

    public string Name { get; }

    public double[] Values { get; }
}
