using System.Management.Automation;

namespace LmmPS.Commands;

/// <summary>New-LmmDesign: formula + data -> <see cref="LmmDesign"/> (X, Z and the random-effects terms), ready to
/// fit with Invoke-LmmFit or to evaluate with Get-LmmProfile -Theta.</summary>
[Cmdlet(VerbsCommon.New, "LmmDesign", DefaultParameterSetName = PathSet)]
[OutputType(typeof(LmmDesign))]
public sealed class NewLmmDesignCommand : LmmDataCmdletBase
{
    protected override void OnDesign(LmmDesign design) => WriteObject(design);
}
