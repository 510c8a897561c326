using System.Management.Automation;
using LmmPS.Core.Diagnostics;

namespace LmmPS.Commands;

/// <summary>Compare-LmmFit: lme4's anova(m1, m2, ...): likelihood-ratio tests of two or more fits of the same data,
/// one row per model sorted by number of parameters, each tested against the row before. REML fits are refitted by
/// ML first (lme4's default), with a warning; -NoRefit keeps them, allowed only when all share their fixed effects.</summary>
[Cmdlet(VerbsData.Compare, "LmmFit")]
[OutputType(typeof(LmmComparison))]
public sealed class CompareLmmFitCommand : LmmCmdletBase
{
    private readonly List<LmmFit> _fits = new();

    /// <summary>Two or more fits from Invoke-LmmFit (as a parameter or through the pipeline); named m1, m2, ... in this order.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public LmmFit[] Fit { get; set; } = Array.Empty<LmmFit>();

    /// <summary>Compare REML fits as fitted instead of refitting them by ML (lme4's refit = FALSE).</summary>
    [Parameter]
    public SwitchParameter NoRefit { get; set; }

    protected override void ProcessRecord() => _fits.AddRange(Fit);

    protected override void EndProcessing()
    {
        var named = _fits.Select((f, i) => ($"m{i + 1}", f.Result)).ToList();
        var result = Guard(() => ModelComparer.Compare(named, !NoRefit, StopToken), _fits);
        if (result.Refitted.Count > 0)
            WriteWarning($"refitting model(s) with ML (instead of REML): {string.Join(", ", result.Refitted)}");
        var refitted = new HashSet<string>(result.Refitted, StringComparer.Ordinal);
        foreach (var row in result.Table)
            WriteObject(new LmmComparison(row.Name, row.Formula, row.Parameters, row.AIC, row.BIC, row.LogLikelihood, row.Deviance,
                row.ChiSquare, row.Df, row.PValue, refitted.Contains(row.Name)));
    }
}
