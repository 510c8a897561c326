#!/usr/bin/env bash
# Syntax-checks every *.ps1 and *.psd1 file of the repository (no PowerShell needed): installs web-tree-sitter and
# tree-sitter-powershell (its prebuilt .wasm; install scripts skipped, so nothing native is built) into
# .ci/ps-syntax/node_modules (git-ignored), then parses each file. Prints one line per file and "N passed, N failed".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tool="$here/ps-syntax"

if [ ! -f "$tool/node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm" ] \
  || [ ! -f "$tool/node_modules/web-tree-sitter/package.json" ]; then
  echo "Installing the PowerShell syntax checker (npm)..."
  # Exact versions are pinned in package.json; no lock file is kept (it would record registry addresses).
  (cd "$tool" && npm install --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

node "$tool/check.cjs" "$root"
