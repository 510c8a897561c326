namespace LmmPS;

/// <summary>
/// One row of lme4's "Random effects" table: one column of one random-effects term, or the residual.
/// A k-column term gives k rows. <see cref="Correlation"/> holds this column's correlations with the EARLIER columns
/// of the same term, in order, as invariant-culture round-trip numbers separated by single spaces (empty on a
/// term's first row and on the residual row): the lower triangle of the term's correlation matrix read row by row,
/// as lme4 prints it, in a form Export-Csv keeps in one cell. <c>[double[]]($row.Correlation -split ' ')</c>
/// recovers the numbers.
/// </summary>
public sealed class LmmVarianceComponent
{
    public LmmVarianceComponent(string group, string name, double variance, double stdDev, string correlation)
    {
        Group = group;
        Name = name;
        Variance = variance;
        StdDev = stdDev;
        Correlation = correlation;
    }

    /// <summary>Grouping factor (<c>Subject</c>, <c>batch:cask</c>), or <c>Residual</c>.</summary>
    public string Group { get; }

    /// <summary>Column of the term (<c>(Intercept)</c>, <c>Days</c>); <c>(Residual)</c> on the residual row.</summary>
    public string Name { get; }

    public double Variance { get; }

    public double StdDev { get; }

    public string Correlation { get; }

    /// <summary>The formula of the fit this row belongs to, so rows of several fits stay apart after
    /// <c>| ForEach-Object FixedEffects | Export-Csv</c>.</summary>
    public string Formula { get; internal set; } = string.Empty;

    /// <summary>Where the fitted data came from: a file path, or <c>pipeline</c>.</summary>
    public string Source { get; internal set; } = string.Empty;

    public override string ToString() => $"{Group} {Name}";
}
