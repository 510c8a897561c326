namespace LmmPS.Conformance;

/// <summary>Collects the element-wise comparisons of one check (theta, a variance component, a column of random
/// effects) and turns them into one result line that names the worst element, so a failure says where to look.</summary>
public sealed class ElementComparer
{
    private readonly List<Element> _elements = new();
    private readonly List<string> _missing = new();
    private readonly List<string> _extra = new();
    private int _nullReferences;

    private sealed record Element(string Label, double Actual, double Expected, double Allowance)
    {
        public bool Passed => Tolerance.Within(Actual, Expected, Allowance);

        // How far past (> 1) or within (<= 1) its allowance the element is; NaN counts as infinitely far.
        public double Severity =>
            double.IsNaN(Actual) || double.IsInfinity(Actual) ? double.PositiveInfinity
            : Allowance > 0 ? Math.Abs(Actual - Expected) / Allowance
            : Actual == Expected ? 0 : double.PositiveInfinity;
    }

    public int Count => _elements.Count;

    /// <summary>Adds one value. A null reference (NA in R) is counted and not compared.</summary>
    public void Add(string label, double actual, double? expected, double allowance)
    {
        if (expected is not double e)
        {
            _nullReferences++;
            return;
        }
        _elements.Add(new Element(label, actual, e, allowance));
    }

    /// <summary>Records a reference value we have no counterpart for: the check fails.</summary>
    public void Missing(string label) => _missing.Add(label);

    /// <summary>Records a value of ours the reference does not have (e.g. a theta lme4 does not estimate): fails.</summary>
    public void Extra(string label) => _extra.Add(label);

    /// <summary>True when an empty comparison is the right answer (e.g. no fixed effects on either side).</summary>
    public bool EmptyIsExpected { get; set; }

    /// <summary>One line: PASS when every element is within its allowance and nothing is missing.</summary>
    /// <param name="toleranceText">How the allowance was computed, e.g. <c>tol 1e-3 abs</c>.</param>
    public CheckResult ToResult(string caseFile, string check, string toleranceText)
    {
        var parts = new List<string>();
        int failed = _elements.Count(e => !e.Passed);
        if (_missing.Count > 0)
            parts.Add($"missing in ours: {string.Join(", ", _missing.Take(5))}{(_missing.Count > 5 ? $" (+{_missing.Count - 5} more)" : "")}");
        if (_extra.Count > 0)
            parts.Add($"not in reference: {string.Join(", ", _extra.Take(5))}{(_extra.Count > 5 ? $" (+{_extra.Count - 5} more)" : "")}");
        if (failed > 0)
            parts.Add($"{failed} of {_elements.Count} outside tolerance");
        else
            parts.Add($"{_elements.Count} values");
        var worst = _elements.OrderByDescending(e => e.Severity).FirstOrDefault();
        if (worst is not null)
            parts.Add($"worst {worst.Label}: ours {Format.Number(worst.Actual)} ref {Format.Number(worst.Expected)} " +
                      $"|diff| {Format.Small(Math.Abs(worst.Actual - worst.Expected))} (allowed {Format.Small(worst.Allowance)})");
        parts.Add(toleranceText);
        if (_nullReferences > 0)
            parts.Add($"{_nullReferences} null reference values not compared");

        bool nothing = _elements.Count == 0 && _missing.Count == 0 && _extra.Count == 0 && _nullReferences == 0;
        // An empty comparison passes only when the caller says so: otherwise a check that compared nothing
        // (e.g. names that never matched) would pass silently.
        bool ok = failed == 0 && _missing.Count == 0 && _extra.Count == 0 && (!nothing || EmptyIsExpected);
        if (nothing)
            parts.Insert(0, EmptyIsExpected ? "none on either side" : "nothing to compare");
        string detail = string.Join("; ", parts);
        return ok ? CheckResult.Pass(caseFile, check, detail) : CheckResult.Fail(caseFile, check, detail);
    }
}
