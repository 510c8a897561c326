namespace LmmPS.Core.Design;

/// <summary>X and Z for rows given after the fit, built by the fit's <see cref="DesignSchema"/>. Rows with a
/// missing value in a variable the formula's right-hand side reads are not built (lme4's predict gives NA there):
/// <see cref="Rows"/> lists those that are.</summary>
public sealed class NewRowsDesign
{
    internal NewRowsDesign(int inputRowCount, int[] rows, double[] x, int fixedCount, NewRowsTerm[] terms)
    {
        InputRowCount = inputRowCount;
        Rows = rows;
        X = x;
        FixedEffectCount = fixedCount;
        Terms = terms;
    }

    /// <summary>Rows in the input data.</summary>
    public int InputRowCount { get; }

    /// <summary>0-based input row of each built row (the complete rows, in input order).</summary>
    public int[] Rows { get; }

    public int RowCount => Rows.Length;

    /// <summary>Column-major RowCount x p, the columns the fit's X has, in its order.</summary>
    public double[] X { get; }

    public int FixedEffectCount { get; }

    /// <summary>The offset() terms evaluated on the new rows (added to every prediction), or null without offsets.</summary>
    public double[]? Offset { get; init; }

    /// <summary>One per random-effects term, in the schema's (lme4's) order.</summary>
    public IReadOnlyList<NewRowsTerm> Terms { get; }
}

/// <summary>One random-effects term over new rows: its model matrix and each row's level of the fit's grouping
/// factor, -1 where the label has no conditional mode in the fit.</summary>
public sealed class NewRowsTerm
{
    internal NewRowsTerm(string group, int columnCount, double[] z, int[] levelIndex, string[] labels)
    {
        Group = group;
        ColumnCount = columnCount;
        Z = z;
        LevelIndex = levelIndex;
        Labels = labels;
    }

    public string Group { get; }

    public int ColumnCount { get; }

    /// <summary>Row-major RowCount x k.</summary>
    public double[] Z { get; }

    /// <summary>Index into the fit's levels of the grouping factor; -1 for a label the fit has not seen.</summary>
    public int[] LevelIndex { get; }

    /// <summary>The grouping label per row, as lme4 forms it (<c>a:b</c> for an interaction).</summary>
    public string[] Labels { get; }
}
