#!/usr/bin/env bash
# Issue 20: the fit and the Satterthwaite coefficient table on InstEval (ML and REML, alternating order), the table
# computed as Invoke-LmmFit does (reading the fit's own model: --reuse yes) and from the design alone (--reuse no,
# what Test-LmmFixedEffect on a fit object does), and on sleepstudy, in one script so the ratios share the machine's
# load. Each process fits --repeat times; run 1 includes the JIT, so the table reads the later runs.
# Usage: bash bench/satterthwaite_insteval.sh [DATA_DIR] [REPEAT]
set -euo pipefail
data=${1:-/work/shared/data}
repeat=${2:-4}
cd "$(dirname "$0")/.."
dotnet build bench -c Release -v q -nologo > /dev/null
run() { dotnet run -c Release --no-build --project bench -- inference "$@" --kr no --repeat "$repeat"; }
insteval() {
  echo "# InstEval $1 reuse $2 $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  run --data "$data/InstEval.csv" --categorical s,d,dept,service --method "$1" --reuse "$2" \
      --formula "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"
}
for method in ML REML REML ML; do insteval "$method" yes; insteval "$method" no; done
echo "# sleepstudy $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
run --data "$data/sleepstudy.csv" --categorical Subject --method REML --formula "Reaction ~ Days + (Days | Subject)"
run --data "$data/sleepstudy.csv" --categorical Subject --method REML --formula "Reaction ~ Days + (1 | Subject)"
