namespace LmmPS.Conformance;

/// <summary>Everything one run produced: every check result in order, and the timing of each case.</summary>
public sealed class ConformanceReport
{
    public ConformanceReport(IReadOnlyList<CheckResult> results, IReadOnlyList<CaseTiming> timings)
    {
        Results = results;
        Timings = timings;
    }

    public IReadOnlyList<CheckResult> Results { get; }

    public IReadOnlyList<CaseTiming> Timings { get; }

    public int Passed => Results.Count(r => r.Status == CheckStatus.Pass);

    public int Failed => Results.Count(r => r.Status == CheckStatus.Fail);

    public int Skipped => Results.Count(r => r.Status == CheckStatus.Skip);

    public string SummaryLine => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
