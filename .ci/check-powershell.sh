#!/usr/bin/env bash
# Syntax-checks every *.ps1, *.psm1 and *.psd1 file of the repository with PowerShell's own parser (PowerShell 7.6.9,
# the local .NET tool of dotnet-tools.json). Prints one line per file and "N passed, N failed".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
dotnet pwsh -NoProfile -NonInteractive -File .ci/check-powershell.ps1 "$root"
