using System.Management.Automation;
using LmmPS.Core.Diagnostics;

namespace LmmPS.Commands;

/// <summary>Get-LmmResidual: one row per observation the fit used, with lme4's fitted(), residuals() of the response,
/// Pearson and scaled kinds, and hatvalues() (from the fit's factor, no dense n x n or q x q inverse).</summary>
[Cmdlet(VerbsCommon.Get, "LmmResidual")]
[OutputType(typeof(LmmResidual))]
public sealed class GetLmmResidualCommand : LmmCmdletBase
{
    /// <summary>A fit from Invoke-LmmFit.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public LmmFit? Fit { get; set; }

    /// <summary>Leave out the hat values (they need one factorization of the model at the fit's theta).</summary>
    [Parameter]
    public SwitchParameter NoLeverage { get; set; }

    protected override void ProcessRecord()
    {
        // Each piped fit is one item of a batch: a failure is a non-terminating error and the next fit goes on.
        var fit = Fit!;
        if (!TryGuard(() => Residuals.Compute(fit.Result), fit, out var residuals))
            return;
        double[]? leverage = null;
        if (!NoLeverage)
        {
            if (fit.Result.Prior is not null)
                WriteWarning("Leverage is not available for a fit with a fixed-effect prior (the prior changes the hat matrix); it is left empty.");
            else if (!TryGuard(() => Leverage.Compute(fit.Result, StopToken), fit, out leverage))
                return;
        }
        for (int i = 0; i < residuals.Fitted.Length; i++)
            WriteObject(new LmmResidual(residuals.Rows[i] + 1, residuals.Observed[i], residuals.Fitted[i], residuals.Response[i],
                residuals.Pearson[i], residuals.Scaled[i], leverage?[i]));
    }
}
