namespace LmmPS.Core.Design;

/// <summary>One random-effects term of a design: a grouping factor and the k columns of Z that vary by it.
/// Lambda's template for the term is a k x k lower-triangular matrix with k(k+1)/2 free elements (theta),
/// ordered column by column as lme4 does.</summary>
public sealed class RandomEffectsTerm
{
    public RandomEffectsTerm(string group, IReadOnlyList<string> levels, int[] levelIndex, int columnCount, double[] z, IReadOnlyList<string> columnNames)
    {
        if (z.Length != levelIndex.Length * columnCount)
            throw new ArgumentException("z must hold rows x columns values.", nameof(z));
        if (columnNames.Count != columnCount)
            throw new ArgumentException("One name per column is required.", nameof(columnNames));
        Group = group;
        Levels = levels;
        LevelIndex = levelIndex;
        ColumnCount = columnCount;
        Z = z;
        ColumnNames = columnNames;
    }

    /// <summary>Grouping factor label as lme4 prints it (<c>Subject</c>, <c>batch:cask</c>).</summary>
    public string Group { get; }

    /// <summary>Levels of the grouping factor that occur in the rows used, in R's order.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>0-based level per row of the design.</summary>
    public int[] LevelIndex { get; }

    /// <summary>k, the number of random effects per level.</summary>
    public int ColumnCount { get; }

    /// <summary>Row-major n x k values of the term's model matrix (for <c>(1|g)</c> all ones).</summary>
    public double[] Z { get; }

    /// <summary>Column names as lme4 gives them, e.g. <c>(Intercept)</c>, <c>Days</c>.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public int LevelCount => Levels.Count;

    /// <summary>Number of random effects of the term: levels x columns.</summary>
    public int Size => Levels.Count * ColumnCount;

    public int ThetaCount => ColumnCount * (ColumnCount + 1) / 2;

    /// <summary>True when every column of Z is the constant 1 (the scalar-intercept case).</summary>
    public bool IsInterceptOnly => ColumnCount == 1 && Array.TrueForAll(Z, v => v == 1.0);
}
