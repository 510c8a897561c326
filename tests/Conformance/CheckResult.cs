namespace LmmPS.Conformance;

/// <summary>Outcome of one check.</summary>
public enum CheckStatus
{
    Pass,
    Fail,
    Skip,
}

/// <summary>One check of one reference case: the line the runner prints is <see cref="ToLine"/>.</summary>
/// <param name="CaseFile">The reference file name, e.g. <c>sleepstudy_ML.json</c>.</param>
/// <param name="Check">The check, e.g. <c>objective</c>, <c>varcomp/Subject</c>, <c>devfun_points/start</c>.</param>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Detail">Numbers and tolerance behind the verdict, on one line.</param>
public sealed record CheckResult(string CaseFile, string Check, CheckStatus Status, string Detail)
{
    public static CheckResult Pass(string caseFile, string check, string detail) => new(caseFile, check, CheckStatus.Pass, detail);

    public static CheckResult Fail(string caseFile, string check, string detail) => new(caseFile, check, CheckStatus.Fail, detail);

    public static CheckResult Skip(string caseFile, string check, string detail) => new(caseFile, check, CheckStatus.Skip, detail);

    /// <summary>A FAIL for an exception, so one broken case or check never stops the run.</summary>
    public static CheckResult Exception(string caseFile, string check, Exception error) =>
        Fail(caseFile, check, Format.Exception(error));

    // Keywords are upper case so a shell script can count them with grep '^PASS ' / '^FAIL '.
    public string ToLine() => $"{Status.ToString().ToUpperInvariant()} {CaseFile} {Check} {Detail}";
}
