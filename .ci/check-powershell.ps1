# Parses every *.ps1 / *.psd1 / *.psm1 of the repository with PowerShell's own parser (build outputs, restored
# packages and node_modules excepted). Prints one line per file and, last, "N passed, N failed"; exits 1 when a file
# does not parse. Run by .ci/check-powershell.sh as `dotnet pwsh -NoProfile -File .ci/check-powershell.ps1`.
param([string] $Root = (Split-Path -Parent $PSScriptRoot))

$ErrorActionPreference = 'Stop'
$Root = (Resolve-Path -LiteralPath $Root).Path
$skip = '[\\/](out|bin|obj|node_modules|\.packages|\.git|TestResults)[\\/]'
$files = Get-ChildItem -LiteralPath $Root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
    Where-Object { $_.FullName.Substring($Root.Length) -notmatch $skip } | Sort-Object FullName
$passed = 0
$failed = 0
foreach ($file in $files) {
    $relative = $file.FullName.Substring($Root.Length + 1)
    $tokens = $null
    $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$tokens, [ref]$errors)
    if (@($errors).Count -eq 0) {
        Write-Output "ok    $relative"
        $passed++
    }
    else {
        foreach ($e in $errors) {
            Write-Output ("FAIL  {0}:{1}:{2}: {3}" -f $relative, $e.Extent.StartLineNumber, $e.Extent.StartColumnNumber, $e.Message)
        }
        $failed++
    }
}
Write-Output "$passed passed, $failed failed"
exit ([int]($failed -gt 0))
