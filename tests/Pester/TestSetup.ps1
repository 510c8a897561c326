# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module (out/LmmPS, or $env:LMMPS_MODULE_PATH)
# and finds the reference data in the repository's tests/data.
$repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:LMMPS_MODULE_PATH) { $env:LMMPS_MODULE_PATH } else { Join-Path $repositoryRoot 'out/LmmPS' }
$manifestPath = Join-Path $modulePath 'LmmPS.psd1'
if (-not (Test-Path -LiteralPath $manifestPath)) {
    throw "Build the module first (./build.ps1 or dotnet build -c Release): $manifestPath is missing."
}
Import-Module $manifestPath -Force -ErrorAction Stop

function Find-LmmTestFile {
    param([string] $Kind, [string] $Name)
    $path = Join-Path $repositoryRoot (Join-Path "tests/data/$Kind" $Name)
    if (-not (Test-Path -LiteralPath $path)) {
        throw "$path not found."
    }
    return (Resolve-Path -LiteralPath $path).Path
}

$SleepCsv = Find-LmmTestFile -Kind 'data' -Name 'sleepstudy.csv'
$DyestuffCsv = Find-LmmTestFile -Kind 'data' -Name 'Dyestuff.csv'
$SleepFormula = 'Reaction ~ Days + (Days | Subject)'
$SleepReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'sleepstudy_REML.json') | ConvertFrom-Json
$SleepMl = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'sleepstudy_ML.json') | ConvertFrom-Json

function Assert-Close {
    param([double] $Actual, [double] $Expected, [double] $Tolerance)
    $difference = [math]::Abs($Actual - $Expected)
    if ($difference -gt $Tolerance) {
        throw "Expected $Expected (within $Tolerance) but got $Actual (off by $difference)."
    }
}

# The suites written before per-item errors became non-terminating assert `Should -Throw` on a failing file, design
# or fit: -ErrorAction Stop makes those errors terminating again, as a script with $ErrorActionPreference = 'Stop'
# sees them. The Habits.*.Tests.ps1 files pass -ErrorAction explicitly where the default matters.
$PSDefaultParameterValues = @{ '*-Lmm*:ErrorAction' = 'Stop' }
