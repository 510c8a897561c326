#!/usr/bin/env bash
# Issue 20: the fit and the Satterthwaite coefficient table on InstEval (ML and REML, three processes each, in
# alternating order) and on sleepstudy, in one script so the ratios share the machine's load. Each process fits twice
# (--repeat 2); run 1 includes the JIT, so the table reads run 2. Usage: bash bench/satterthwaite_insteval.sh [DATA_DIR]
set -euo pipefail
data=${1:-/work/shared/data}
cd "$(dirname "$0")/.."
dotnet build bench -c Release -v q -nologo > /dev/null
run() { dotnet run -c Release --no-build --project bench -- inference "$@" --kr no --repeat 2; }
insteval() {
  echo "# InstEval $1 $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  run --data "$data/InstEval.csv" --categorical s,d,dept,service --method "$1" \
      --formula "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"
}
for method in ML REML REML ML ML REML; do insteval "$method"; done
echo "# sleepstudy $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
run --data "$data/sleepstudy.csv" --categorical Subject --method REML --formula "Reaction ~ Days + (Days | Subject)"
run --data "$data/sleepstudy.csv" --categorical Subject --method REML --formula "Reaction ~ Days + (1 | Subject)"
