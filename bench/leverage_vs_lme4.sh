#!/usr/bin/env bash
# Hat values on InstEval, ours against lme4's hatvalues(), in one script so both meet the same machine load:
#   bash bench/leverage_vs_lme4.sh [ML|REML] [DATA_DIR]
# Prints lme4's line, then ours (fit not timed; residuals and hat values timed three times), then the ratio of
# lme4's time to our median. DATA_DIR holds InstEval.csv and InstEval.columns.json (default ../shared/data).
set -euo pipefail
method="${1:-ML}"
data="${2:-../shared/data}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet build bench -c Release -v quiet -nologo > /dev/null
lme4_line="$(Rscript bench/lme4_hatvalues_timing.R "$method")"
echo "$lme4_line"
ours="$(dotnet bench/bin/Release/net10.0/LmmPS.Bench.dll leverage --data "$data/InstEval.csv" \
  --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)' --method "$method" --categorical s,d,dept,service --repeat 3)"
echo "$ours"
lme4_seconds="$(echo "$lme4_line" | sed -E 's/.*hatvalues: ([0-9.]+) s elapsed.*/\1/')"
median="$(echo "$ours" | grep -o '"leverage_seconds":[0-9.]*' | cut -d: -f2 | sort -n | sed -n 2p)"
awk -v a="$lme4_seconds" -v b="$median" 'BEGIN { printf "lme4 hatvalues %.1f s, ours %.2f s (median of 3): %.0fx faster\n", a, b, a / b }'
