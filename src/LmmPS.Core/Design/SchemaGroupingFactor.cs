namespace LmmPS.Core.Design;

/// <summary>One random-effects term as the fit saw it: its grouping factor's label and levels (the levels that
/// have a conditional mode, in order), the term's column names, and where the term came from in the formula.</summary>
public sealed class SchemaGroupingFactor
{
    public SchemaGroupingFactor(string group, IReadOnlyList<string> levels, IReadOnlyList<string> columnNames, int formulaIndex)
    {
        Group = group ?? throw new ArgumentNullException(nameof(group));
        Levels = levels ?? throw new ArgumentNullException(nameof(levels));
        ColumnNames = columnNames ?? throw new ArgumentNullException(nameof(columnNames));
        FormulaIndex = formulaIndex;
    }

    /// <summary>lme4's label: <c>Subject</c>, <c>batch:cask</c>.</summary>
    public string Group { get; }

    public IReadOnlyList<string> Levels { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>0-based index of the term among the formula's random terms as written (after expansion); the
    /// schema lists terms in lme4's sorted order, this maps them back.</summary>
    public int FormulaIndex { get; }
}
