<#
.SYNOPSIS
Builds the LmmPS module, runs a demonstration fit, runs every test, packages the module.
.DESCRIPTION
Only the .NET SDK is needed: PowerShell 7.6.9 is a local .NET tool (dotnet-tools.json) and Pester 5.7.1 is
restored from NuGet into .packages/ (tools/pester/PesterRestore.csproj).

No switch: builds the importable module into out/LmmPS (manifest, loader, formats, help, the net8.0 build for
PowerShell 7.4+ and the netstandard2.0 build for Windows PowerShell 5.1).

-Demo: builds the module, then in a fresh PowerShell imports out/LmmPS, fits sleepstudy from its CSV and prints
the fit's default (summary) view.

-Test: builds the whole solution and runs every suite, then prints one line per suite and, last, the sum as
"N passed, N failed". The exit code is 0 when nothing failed, 1 otherwise. Suites:
  Unit           the xunit tests (tests/Unit)
  Conformance    the conformance runner (net10.0, the engine's net8.0 build) on the shared reference folder
                 (-SharedPath, ../shared by default; tests/data when it is absent) and on tests/extra-data
  Mono           the same runner built for net48 on the engine's netstandard2.0 build, under Mono, on the same
                 folders: the closest proxy for Windows PowerShell 5.1 that runs off Windows (skipped without mono)
  Pester         tests/Pester against out/LmmPS in a fresh PowerShell process (the module's DLLs stay free)
-Suite picks some of them.

-UpdateSnapshots: the Pester view tests rewrite their expected text (tests/Pester/Snapshots/*.txt) from what the
views print now, instead of comparing with it. Review the diff before committing it.

-Package: zips out/LmmPS into out/LmmPS-<version>.zip.
.EXAMPLE
dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Demo
.EXAMPLE
dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Test
.EXAMPLE
dotnet pwsh -NoProfile -File ./build.ps1 -Test -Suite Pester -UpdateSnapshots
#>
[CmdletBinding()]
param(
    [switch] $Demo,
    [switch] $Test,
    # Unit, Conformance, Mono, Pester; several as -Suite Unit,Pester (one string under pwsh -File: split below).
    [string[]] $Suite = @('Unit', 'Conformance', 'Mono', 'Pester'),
    [switch] $UpdateSnapshots,
    [string] $SharedPath,
    [switch] $Package,
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$suites = @('Unit', 'Conformance', 'Mono', 'Pester')
$Suite = @($Suite | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($name in $Suite) {
    if ($name -notin $suites) {
        throw "-Suite: '$name' is not one of $($suites -join ', ')."
    }
}
$moduleOut = Join-Path $root 'out/LmmPS'
$resultsDir = Join-Path $root 'TestResults'
$pesterVersion = '5.7.1'
$sharedLabel = $SharedPath
if (-not $SharedPath) {
    $SharedPath = Join-Path (Split-Path -Parent $root) 'shared'
    $sharedLabel = '../shared'
}

# Runs dotnet with the arguments shown; a non-zero exit ends the script (it is a build step, not a test). Its output
# is shown only when it fails (dotnet build prints a summary at any verbosity).
function Invoke-Dotnet {
    param([string[]] $Arguments)
    Write-Host "dotnet $(Format-CommandLine $Arguments)"
    $ErrorActionPreference = 'Continue'
    $output = & dotnet @Arguments 2>&1
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    if ($code -ne 0) {
        $output | ForEach-Object { Write-Host "$_" }
        throw "dotnet $($Arguments -join ' ') failed with exit code $code."
    }
}

# Arguments as shown: paths inside the repository relative to its root.
function Format-CommandLine {
    param([string[]] $Arguments)
    return (($Arguments -join ' ').Replace("$root/", '').Replace("$root\", ''))
}

# The command line that starts a fresh copy of this PowerShell. Under `dotnet pwsh` (a .NET tool) the process is
# dotnet itself and pwsh.dll sits in $PSHOME; otherwise the process is pwsh, or powershell.exe on Windows
# PowerShell 5.1.
function Get-PowerShellCommand {
    $process = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

# Runs a script in a fresh PowerShell process (no profile, not interactive) and returns its exit code. The child
# writes straight to this console (Start-Process -NoNewWindow), so its output keeps its order and colours. The script
# goes in as -EncodedCommand, so no quoting rule of any shell or edition applies to it.
function Invoke-FreshPowerShell {
    param([string] $Script)
    $command = @(Get-PowerShellCommand)
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    $line = ($arguments | ForEach-Object { if ($_ -match '\s') { '"' + $_ + '"' } else { $_ } }) -join ' '
    $process = Start-Process -FilePath $command[0] -ArgumentList $line -NoNewWindow -Wait -PassThru
    return $process.ExitCode
}

function ConvertTo-SingleQuoted {
    param([string] $Text)
    return "'" + ($Text -replace "'", "''") + "'"
}

function Invoke-Demo {
    # Shown and run as a user types them at the repository root.
    $lines = @(
        'Import-Module ./out/LmmPS'
        "Import-Csv tests/data/data/sleepstudy.csv | Invoke-LmmFit 'Reaction ~ Days + (Days | Subject)'"
    )
    $script = @"
`$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $(ConvertTo-SingleQuoted $root)
$(($lines | ForEach-Object { "Write-Host $(ConvertTo-SingleQuoted ('PS> ' + $_))`n$_" }) -join "`n")
"@
    Write-Host ''
    $code = Invoke-FreshPowerShell $script
    if ($code -ne 0) {
        throw "The demonstration fit failed (exit code $code)."
    }
}

# One suite's outcome, as the summary prints it.
function New-SuiteResult {
    param([string] $Name, [int] $Passed, [int] $Failed, [int] $Skipped = 0, [string] $Note = '')
    [pscustomobject]@{ Suite = $Name; Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Note = $Note }
}

function Invoke-UnitTests {
    $directory = Join-Path $resultsDir 'unit'
    if (Test-Path -LiteralPath $directory) {
        Remove-Item -LiteralPath $directory -Recurse -Force
    }
    $arguments = @('test', (Join-Path $root 'tests/Unit/LmmPS.Tests.csproj'), '-c', $Configuration, '--no-build', '--nologo',
        '--logger', 'trx;LogFileName=unit.trx', '--results-directory', $directory)
    Write-Host "dotnet $(Format-CommandLine $arguments)"
    & dotnet @arguments | Out-Host
    $code = $LASTEXITCODE
    $trx = Get-ChildItem -LiteralPath $directory -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $trx) {
        return New-SuiteResult 'xunit' 0 1 -Note "no trx file (dotnet test exit code $code)"
    }
    $counters = ([xml](Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
    # Errors, timeouts and aborts are failures too; tests not executed are the skipped ones.
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    $result = New-SuiteResult 'xunit' ([int]$counters.passed) $failed ([int]$counters.notExecuted)
    if ($code -ne 0 -and $failed -eq 0) {
        # A crashed run: the trx shows no failed test, yet dotnet test failed.
        $result.Failed = 1
        $result.Note = "dotnet test exit code $code with no failed test recorded"
    }
    return $result
}

# The folders the conformance runner checks: the shared reference folder (or its copy in tests/data, which holds a
# subset of it) and the extra cases of tests/extra-data.
function Get-ConformanceFolders {
    if (Test-Path -LiteralPath (Join-Path $SharedPath 'reference')) {
        [pscustomobject]@{ Path = (Resolve-Path -LiteralPath $SharedPath).Path; Label = $sharedLabel; Tag = 'shared' }
    }
    else {
        [pscustomobject]@{ Path = Join-Path $root 'tests/data'; Label = 'tests/data'; Tag = 'data' }
    }
    [pscustomobject]@{ Path = Join-Path $root 'tests/extra-data'; Label = 'tests/extra-data'; Tag = 'extra-data' }
}

# Runs the conformance runner on one folder: its full output goes to a log file, its FAIL lines and its summary
# ("N passed, N failed, N skipped") to the console.
function Invoke-ConformanceRun {
    param([string] $Name, [string] $Executable, [string[]] $Prefix, [pscustomobject] $Folder)
    $log = Join-Path $resultsDir ('{0}-{1}.log' -f ($Name -replace '\W+', '-').Trim('-'), $Folder.Tag)
    $label = "$Name on $($Folder.Label)"
    Write-Host "$Executable $(Format-CommandLine ($Prefix + $Folder.Path))   (full output: $(Format-CommandLine $log))"
    # stderr joins the log; Continue, so Windows PowerShell does not turn a stderr line into a terminating error.
    $ErrorActionPreference = 'Continue'
    & $Executable @Prefix $Folder.Path 2>&1 | ForEach-Object { "$_" } | Tee-Object -FilePath $log |
        Where-Object { $_ -like 'FAIL *' } | ForEach-Object { Write-Host $_ }
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    $lines = @(Get-Content -LiteralPath $log)
    $summary = $lines | Where-Object { $_ -match '^(\d+) passed, (\d+) failed, (\d+) skipped$' } | Select-Object -Last 1
    if ($null -eq $summary) {
        $lines | Select-Object -Last 20 | ForEach-Object { Write-Host $_ }
        return New-SuiteResult $label 0 1 -Note "no summary line (exit code $code)"
    }
    Write-Host $summary
    $null = $summary -match '^(\d+) passed, (\d+) failed, (\d+) skipped$'
    $result = New-SuiteResult $label ([int]$Matches[1]) ([int]$Matches[2]) ([int]$Matches[3])
    # Exit code 1 with FAIL lines is already counted by them; any other non-zero exit is a crash.
    if ($code -ne 0 -and $result.Failed -eq 0) {
        $result.Failed = 1
        $result.Note = "exit code $code"
    }
    return $result
}

function Invoke-Conformance {
    $dll = Join-Path $root "tests/Conformance/bin/$Configuration/net10.0/LmmPS.Conformance.dll"
    foreach ($folder in Get-ConformanceFolders) {
        Invoke-ConformanceRun -Name 'conformance net10.0' -Executable 'dotnet' -Prefix @($dll) -Folder $folder
    }
}

function Invoke-MonoConformance {
    $mono = Get-Command mono -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $mono) {
        Write-Warning 'mono is not installed: the net48 conformance run is skipped (on Debian: apt-get install mono-runtime).'
        return New-SuiteResult 'conformance net48 (Mono)' 0 0 -Note 'skipped: no mono'
    }
    $exe = Join-Path $root "tests/Conformance.Net48/bin/$Configuration/net48/LmmPS.Conformance.exe"
    foreach ($folder in Get-ConformanceFolders) {
        Invoke-ConformanceRun -Name 'conformance net48 (Mono)' -Executable $mono.Source -Prefix @($exe) -Folder $folder
    }
}

function Invoke-PesterTests {
    $pester = Join-Path $root ".packages/pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pester)) {
        Invoke-Dotnet @('restore', (Join-Path $root 'tools/pester/PesterRestore.csproj'), '-v', 'quiet', '-nologo')
    }
    $counts = Join-Path $resultsDir 'pester-counts.txt'
    if (Test-Path -LiteralPath $counts) {
        Remove-Item -LiteralPath $counts
    }
    $update = if ($UpdateSnapshots) { '1' } else { '' }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module $(ConvertTo-SingleQuoted $pester)
`$env:LMMPS_MODULE_PATH = $(ConvertTo-SingleQuoted $moduleOut)
`$env:LMMPS_UPDATE_SNAPSHOTS = '$update'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = $(ConvertTo-SingleQuoted (Join-Path $root 'tests/Pester'))
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Normal'
`$configuration.Output.RenderMode = if ([Console]::IsOutputRedirected) { 'Plaintext' } else { 'Auto' }
`$configuration.TestResult.Enabled = `$true
`$configuration.TestResult.OutputPath = $(ConvertTo-SingleQuoted (Join-Path $resultsDir 'pester.xml'))
`$result = Invoke-Pester -Configuration `$configuration
'{0} {1} {2}' -f `$result.PassedCount, `$result.FailedCount, `$result.SkippedCount | Set-Content -LiteralPath $(ConvertTo-SingleQuoted $counts)
"@
    Write-Host "Invoke-Pester tests/Pester (Pester $pesterVersion, fresh PowerShell $($PSVersionTable.PSVersion))"
    $code = Invoke-FreshPowerShell $script
    if (-not (Test-Path -LiteralPath $counts)) {
        return New-SuiteResult 'Pester' 0 1 -Note "Pester did not finish (exit code $code)"
    }
    $passed, $failed, $skipped = (Get-Content -LiteralPath $counts -Raw).Trim() -split ' '
    return New-SuiteResult 'Pester' ([int]$passed) ([int]$failed) ([int]$skipped)
}

# Build: the whole solution for the tests (module layout, xunit, both conformance runners), else the module alone.
if ($Test) {
    Invoke-Dotnet @('build', (Join-Path $root 'LmmPS.sln'), '-c', $Configuration, '-nologo', '-v', 'quiet')
}
else {
    Invoke-Dotnet @('build', (Join-Path $root 'src/LmmPS/LmmPS.csproj'), '-c', $Configuration, '-p:LmmPSLayoutModule=true', '-nologo', '-v', 'quiet')
}

if ($Demo) {
    Invoke-Demo
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

if ($Test) {
    $null = New-Item -ItemType Directory -Force -Path $resultsDir
    $results = @()
    foreach ($name in $suites) {
        if ($name -notin $Suite) {
            continue
        }
        Write-Host ''
        Write-Host "=== $name"
        $results += switch ($name) {
            'Unit' { Invoke-UnitTests }
            'Conformance' { Invoke-Conformance }
            'Mono' { Invoke-MonoConformance }
            'Pester' { Invoke-PesterTests }
        }
    }
    Write-Host ''
    foreach ($result in $results) {
        $line = '{0,-58} {1,5} passed, {2} failed, {3} skipped' -f $result.Suite, $result.Passed, $result.Failed, $result.Skipped
        if ($result.Note) {
            $line += " ($($result.Note))"
        }
        Write-Host $line
    }
    $passed = ($results | Measure-Object -Property Passed -Sum).Sum
    $failed = ($results | Measure-Object -Property Failed -Sum).Sum
    # The last line, which CI reads.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) {
        exit 1
    }
}
