#!/usr/bin/env bash
# The parametric bootstrap against lme4's bootMer in one script (bench/README.md, "Parametric bootstrap"):
# ours on sleepstudy (2,000 replicates, three runs), bootMer on the same data (2,000), ours again, then ours with
# 10,000 sleepstudy replicates and 100 InstEval replicates. Usage: bash bench/bootstrap_vs_bootmer.sh [DATA_DIR]
set -euo pipefail
dir=${1:-/work/shared/data}
here=$(cd "$(dirname "$0")" && pwd)
dotnet build "$here" -c Release -v q -nologo > /dev/null
bench=(dotnet "$here"/bin/Release/net10.0/LmmPS.Bench.dll)
sleep=(--data "$dir/sleepstudy.csv" --formula 'Reaction ~ Days + (Days | Subject)' --method REML)
echo "# load $(cat /proc/loadavg)"
"${bench[@]}" bootstrap "${sleep[@]}" --replicates 2000 --repeat 3 --workers 2
Rscript "$here/bootmer_timing.R" "$dir" 2000
"${bench[@]}" bootstrap "${sleep[@]}" --replicates 2000 --repeat 3 --workers 2
"${bench[@]}" bootstrap "${sleep[@]}" --replicates 10000 --repeat 2 --workers 2
"${bench[@]}" bootstrap --data "$dir/InstEval.csv" --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)' \
  --categorical s,d,dept,service --method REML --replicates 100 --repeat 1 --workers 2
echo "# load $(cat /proc/loadavg)"
