<#
.SYNOPSIS
Builds, tests and packages the LmmPS module.
.DESCRIPTION
Build: dotnet build -c Release lays out the importable module in out/LmmPS (manifest, loader, formats, help,
net8.0 and netstandard2.0 builds with their dependencies).
-Test: runs the xunit tests, then the Pester 5 tests in tests/Pester against out/LmmPS in a fresh PowerShell process
(so the module's DLLs are not held by this session), when Pester 5 is installed.
-Package: zips out/LmmPS into out/LmmPS-<version>.zip.
.EXAMPLE
./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [switch] $Package,
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/LmmPS'

function Invoke-Dotnet {
    param([string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

Invoke-Dotnet @('build', (Join-Path $root 'src/LmmPS/LmmPS.csproj'), '-c', $Configuration, '-p:LmmPSLayoutModule=true')

if ($Test) {
    Invoke-Dotnet @('test', (Join-Path $root 'tests/Unit/LmmPS.Tests.csproj'), '-c', $Configuration)

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed: tests/Pester skipped (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser).'
    }
    else {
        $runner = @"
`$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion '$($pester.Version)'
`$env:LMMPS_MODULE_PATH = '$($moduleOut -replace "'", "''")'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$((Join-Path $root 'tests/Pester') -replace "'", "''")'
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$configuration
Write-Host ('{0} passed, {1} failed' -f `$result.PassedCount, `$result.FailedCount)
exit `$result.FailedCount
"@
        $shell = (Get-Process -Id $PID).Path
        & $shell -NoProfile -NonInteractive -Command $runner
        if ($LASTEXITCODE -ne 0) {
            throw "Pester: $LASTEXITCODE test(s) failed."
        }
    }
}

if ($Package) {
    $version = (Import-PowerShellDataFile -Path (Join-Path $moduleOut 'LmmPS.psd1')).ModuleVersion
    $zip = Join-Path $root "out/LmmPS-$version.zip"
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip
    }
    Compress-Archive -Path $moduleOut -DestinationPath $zip
    Write-Host "Packaged $zip"
}
