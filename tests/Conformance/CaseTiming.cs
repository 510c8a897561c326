namespace LmmPS.Conformance;

/// <summary>Wall-clock time of the stages of one case (zero for a stage that did not run).</summary>
public sealed record CaseTiming(string CaseFile, TimeSpan Data, TimeSpan Design, TimeSpan Fit, TimeSpan DevfunPoints, TimeSpan Total)
{
    public string ToLine() =>
        $"TIME {CaseFile} data {Format.Seconds(Data)}, design {Format.Seconds(Design)}, fit {Format.Seconds(Fit)}, " +
        $"devfun_points {Format.Seconds(DevfunPoints)}, total {Format.Seconds(Total)}";
}
