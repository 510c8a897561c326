using LmmPS.Core.Design.Transforms;

namespace LmmPS.Core.Design;

/// <summary>One variable of a <see cref="ModelFrame"/>, restricted to the rows used.</summary>
internal abstract class FrameVariable
{
    protected FrameVariable(string name) => Name = name;

    public string Name { get; }
}

internal sealed class NumericVariable : FrameVariable
{
    public NumericVariable(string name, double[] values) : base(name) => Values = values;

    public double[] Values { get; }
}

/// <summary>A computed variable with several columns (<c>poly(x, k)</c>), each named by the variable's name plus its suffix.</summary>
internal sealed class MatrixVariable : FrameVariable
{
    public MatrixVariable(string name, double[][] columns, IReadOnlyList<string> suffixes) : base(name)
    {
        Columns = columns;
        Suffixes = suffixes;
    }

    public double[][] Columns { get; }

    public IReadOnlyList<string> Suffixes { get; }
}

/// <summary>A factor over the rows used, holding only the levels that occur there (lme4 builds its model frame
/// with drop.unused.levels = TRUE), in the column's level order.</summary>
internal sealed class FactorVariable : FrameVariable
{
    public FactorVariable(string name, int[] codes, IReadOnlyList<string> levels, bool isOrdered) : base(name)
    {
        Codes = codes;
        Levels = levels;
        IsOrdered = isOrdered;
    }

    /// <summary>0-based index into <see cref="Levels"/> per row used.</summary>
    public int[] Codes { get; }

    public IReadOnlyList<string> Levels { get; }

    public bool IsOrdered { get; }
}

/// <summary>R's model frame: every variable the formula reads, over the complete rows only.</summary>
internal sealed class ModelFrame
{
    private readonly Dictionary<string, FrameVariable> _variables;

    public ModelFrame(IEnumerable<FrameVariable> variables, int[] rowsUsed, int rowsDropped)
    {
        _variables = variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        RowsUsed = rowsUsed;
        RowsDropped = rowsDropped;
    }

    public int[] RowsUsed { get; }

    public int RowsDropped { get; }

    public int RowCount => RowsUsed.Length;

    public FrameVariable this[string name] => _variables[name];

    /// <summary>What the computed variables learnt from the data (poly, scale), by variable name.</summary>
    public IReadOnlyDictionary<string, TransformParameters> Learned { get; init; } = new Dictionary<string, TransformParameters>();
}
