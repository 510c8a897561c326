# Loads the build of LmmPS.dll that matches the running PowerShell: net8.0 on PowerShell 7.4+ (engine isolated in
# its own AssemblyLoadContext), netstandard2.0 on Windows PowerShell 5.1. The manifest's CmdletsToExport filters
# what this script module re-exports from the binary module it imports.
if ($PSEdition -eq 'Core') {
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "LmmPS needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is $($PSVersionTable.PSVersion)."
    }
    $framework = 'net8.0'
}
else {
    $framework = 'netstandard2.0'
}

$binaryPath = [System.IO.Path]::Combine($PSScriptRoot, $framework, 'LmmPS.dll')
$binaryModule = Import-Module -Name $binaryPath -PassThru -ErrorAction Stop

$ExecutionContext.SessionState.Module.OnRemove = {
    Remove-Module -ModuleInfo $binaryModule -ErrorAction SilentlyContinue
}.GetNewClosure()
