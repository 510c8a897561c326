namespace LmmPS.Conformance;

/// <summary>A named reference value; null where the reference has NA (JSON null).</summary>
public sealed record NamedValue(string Name, double? Value);

/// <summary>One entry of the reference <c>varcomp</c> list: a random-effects term (lme4's VarCorr) or the residual.</summary>
/// <param name="Group">lme4's label, which gets a suffix for a second term of the same factor (<c>Subject.1</c>).</param>
/// <param name="Factor">The grouping factor itself (<c>Subject</c>); equal to <paramref name="Group"/> when the file has no <c>factor</c>.</param>
/// <param name="Correlation">k x k, or null when the file gives none (scalar terms).</param>
public sealed record ReferenceVarComp(
    string Group,
    string Factor,
    IReadOnlyList<string> Names,
    IReadOnlyList<double?> Variance,
    IReadOnlyList<double?> StdDev,
    IReadOnlyList<IReadOnlyList<double?>>? Correlation)
{
    public bool IsResidual => Group == "Residual";
}

/// <summary>One entry of the reference <c>ranef</c> list: all columns of one grouping factor (lme4 merges the
/// columns of every term with that factor), values per column name, one per level.</summary>
public sealed record ReferenceRanef(
    string Group,
    IReadOnlyList<string> Levels,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, IReadOnlyList<double?>> Modes,
    IReadOnlyDictionary<string, IReadOnlyList<double?>>? ConditionalSD);

/// <summary>One point of <c>devfun_points</c>: lme4's objective (and profiled sigma, beta) at a fixed theta.</summary>
public sealed record ReferenceDevfunPoint(
    string Label,
    IReadOnlyList<double?> Theta,
    double? Value,
    double? Sigma,
    IReadOnlyList<double?>? Beta,
    bool HasGradient);

/// <summary>The <c>tight_optimum</c> block: a tighter optimum than lme4's default fit.</summary>
public sealed record ReferenceTightOptimum(
    double? Objective,
    double? ObjectiveLme4Default,
    IReadOnlyList<NamedValue>? Theta,
    double? Sigma,
    IReadOnlyList<NamedValue>? Beta);
