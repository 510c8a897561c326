# Dot-sourced by Examples.Tests.ps1 (at discovery and in BeforeAll) and Views.Tests.ps1: reads the examples users
# read (README.md's powershell blocks, the cmdlet help's examples) at test time, so neither can rot; runs them in a
# folder that holds the files they name; compares printed text with checked-in text, or rewrites that text when
# $env:LMMPS_UPDATE_SNAPSHOTS is set (./build.ps1 -Test -Suite Pester -UpdateSnapshots).

$ExampleRepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$ReadmePath = Join-Path $ExampleRepositoryRoot 'README.md'
$HelpPath = Join-Path $ExampleRepositoryRoot 'src/LmmPS/en-US/LmmPS.dll-Help.xml'
$UpdateSnapshots = [bool]$env:LMMPS_UPDATE_SNAPSHOTS

# The README's powershell blocks, in order. Output is the plain ``` block right after one (blank lines between
# allowed): what the README says the block prints. OutputStart/OutputEnd are its lines (0-based, end exclusive).
function Get-ReadmeExample {
    param([string] $Path = $ReadmePath)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $index = 0
    $i = 0
    while ($i -lt $lines.Count) {
        if ($lines[$i] -notmatch '^\s*```powershell\s*$') {
            $i++
            continue
        }
        $end = $i + 1
        while ($end -lt $lines.Count -and $lines[$end] -notmatch '^\s*```\s*$') {
            $end++
        }
        $code = ($lines[($i + 1)..($end - 1)] | ForEach-Object { $_.Trim() }) -join "`n"
        $next = $end + 1
        while ($next -lt $lines.Count -and $lines[$next].Trim() -eq '') {
            $next++
        }
        $output = $null
        $outputStart = -1
        $outputEnd = -1
        if ($next -lt $lines.Count -and $lines[$next] -match '^\s*```\s*$') {
            $outputStart = $next + 1
            $outputEnd = $outputStart
            while ($outputEnd -lt $lines.Count -and $lines[$outputEnd] -notmatch '^\s*```\s*$') {
                $outputEnd++
            }
            $output = if ($outputEnd -gt $outputStart) { $lines[$outputStart..($outputEnd - 1)] -join "`n" } else { '' }
        }
        [pscustomobject]@{
            Index = $index; Line = $i + 1; Code = $code; Output = $output; OutputStart = $outputStart; OutputEnd = $outputEnd
        }
        $index++
        $i = $end + 1
    }
}

# Replaces the output block of the README's powershell block number $Index with $Text.
function Update-ReadmeOutput {
    param([int] $Index, [string] $Text, [string] $Path = $ReadmePath)
    $example = Get-ReadmeExample -Path $Path | Where-Object Index -eq $Index
    $lines = [System.Collections.Generic.List[string]]::new([System.IO.File]::ReadAllLines($Path))
    $lines.RemoveRange($example.OutputStart, $example.OutputEnd - $example.OutputStart)
    $lines.InsertRange($example.OutputStart, [string[]]($Text -split "`n"))
    [System.IO.File]::WriteAllText($Path, (($lines -join "`n") + "`n"))
}

# An object's properties as a hashtable (what Pester's -ForEach turns into variables).
function ConvertTo-Hashtable {
    process {
        $table = @{}
        foreach ($property in $_.PSObject.Properties) {
            $table[$property.Name] = $property.Value
        }
        $table
    }
}

# Every example of every cmdlet in the MAML help file.
function Get-HelpExample {
    param([string] $Path = $HelpPath)
    $namespaces = @{
        command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
        maml    = 'http://schemas.microsoft.com/maml/2004/10'
        dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    }
    [xml] $help = Get-Content -Raw -LiteralPath $Path
    foreach ($command in Select-Xml -Xml $help -XPath '//command:command' -Namespace $namespaces) {
        $name = (Select-Xml -Xml $command.Node -XPath 'command:details/command:name' -Namespace $namespaces).Node.InnerText.Trim()
        $number = 0
        foreach ($example in Select-Xml -Xml $command.Node -XPath 'command:examples/command:example' -Namespace $namespaces) {
            $number++
            $code = (Select-Xml -Xml $example.Node -XPath 'dev:code' -Namespace $namespaces).Node.InnerText
            [pscustomobject]@{ Command = $name; Number = $number; Code = $code.Trim() }
        }
    }
}

# A folder holding the files the examples name: sleepstudy.csv and Dyestuff.csv (copies of tests/data/data), and
# data/a.csv, data/b.csv (sleepstudy's two halves of nine subjects each, columns renamed y, x, g) for
# "-Path data/*.csv".
function New-ExampleFolder {
    param([string] $Path)
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $Path 'data')
    $source = Join-Path $ExampleRepositoryRoot 'tests/data/data'
    Copy-Item -LiteralPath (Join-Path $source 'sleepstudy.csv'), (Join-Path $source 'Dyestuff.csv') -Destination $Path
    $rows = Import-Csv -LiteralPath (Join-Path $source 'sleepstudy.csv')
    $subjects = @($rows.Subject | Select-Object -Unique)
    foreach ($half in @(@{ Name = 'a.csv'; Subjects = $subjects[0..8] }, @{ Name = 'b.csv'; Subjects = $subjects[9..17] })) {
        $rows | Where-Object { $_.Subject -in $half.Subjects } |
            Select-Object @{ n = 'y'; e = { $_.Reaction } }, @{ n = 'x'; e = { $_.Days } }, @{ n = 'g'; e = { $_.Subject } } |
            Export-Csv -LiteralPath (Join-Path $Path "data/$($half.Name)") -NoTypeInformation
    }
    return (Resolve-Path -LiteralPath $Path).Path
}

# Runs example code in $Folder with $Variables defined, as a user would paste it: any error stops it (and fails the
# test that runs it). Returns what it prints, as Out-String -Width 120 renders it.
function Invoke-Example {
    param([string] $Code, [string] $Folder, [hashtable] $Variables = @{})
    $block = [scriptblock]::Create($Code)
    Push-Location -LiteralPath $Folder
    try {
        $output = & {
            param($Block, $Variables)
            $ErrorActionPreference = 'Stop'
            $WarningPreference = 'SilentlyContinue'
            foreach ($name in $Variables.Keys) {
                Set-Variable -Name $name -Value $Variables[$name]
            }
            . $Block
        } $block $Variables
        return ($output | Out-String -Width 120)
    }
    finally {
        Pop-Location
    }
}

# Text as stored in a snapshot or the README: LF line ends, lines that Out-String wrapped at $Width joined again
# (where a long line wraps depends on the length of the elapsed time in it), no trailing blanks, no leading or
# trailing empty lines.
function ConvertTo-StoredText {
    param([AllowEmptyString()] [string] $Text, [int] $Width = 120)
    $lines = [System.Collections.Generic.List[string]]::new()
    $wrapped = $false
    foreach ($line in ($Text -replace "`r`n", "`n") -split "`n") {
        if ($wrapped) {
            $lines[$lines.Count - 1] += $line
        }
        else {
            $lines.Add($line)
        }
        $wrapped = $line.Length -eq $Width
    }
    return (($lines | ForEach-Object { $_.TrimEnd() }) -join "`n").Trim("`n")
}

# Text as compared: stored form, with elapsed times (which differ from run to run) masked.
function ConvertTo-ComparableText {
    param([AllowEmptyString()] [string] $Text)
    return ((ConvertTo-StoredText $Text) -replace '\b\d+(\.\d+)? (s|ms)\b', '#.### $2')
}

# Compares a view's text with tests/Pester/Snapshots/<Name>.txt, or writes that file in update mode.
function Assert-Snapshot {
    param([string] $Name, [string] $Text)
    $path = Join-Path $PSScriptRoot "Snapshots/$Name.txt"
    $actual = ConvertTo-ComparableText $Text
    if ($UpdateSnapshots) {
        $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path)
        [System.IO.File]::WriteAllText($path, (ConvertTo-StoredText $Text) + "`n")
        return
    }
    if (-not (Test-Path -LiteralPath $path)) {
        throw "No snapshot $($path): run ./build.ps1 -Test -Suite Pester -UpdateSnapshots and review it."
    }
    $expected = ConvertTo-ComparableText ([System.IO.File]::ReadAllText($path))
    $actual | Should -BeExactly $expected -Because "the view must print tests/Pester/Snapshots/$Name.txt (if the change is intended: ./build.ps1 -Test -Suite Pester -UpdateSnapshots, then review the diff)"
}
