using System.Management.Automation;
using LmmPS.Conversion;

namespace LmmPS;

/// <summary>The default view of a fit (LmmPS.format.ps1xml calls <see cref="Render"/>): built from the fit's
/// properties alone, so a fit read back by Import-Clixml or received from a job (Deserialized.LmmPS.LmmFit) prints
/// the same lme4-style summary as the live fit.</summary>
public static class LmmFitView
{
    public static string Render(PSObject fit)
    {
        if (fit is null)
            throw new ArgumentNullException(nameof(fit));
        return fit.BaseObject is LmmFit live ? FitSummaryWriter.Write(live) : FitSummaryWriter.Write(FitSummaryData.From(fit));
    }
}
