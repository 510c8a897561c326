#!/usr/bin/env bash
# The `refit` verb (fresh fit, full refit, light refit of one simulated response per run) on InstEval, two builds of
# the bench alternating in one script: rounds alternate which build goes first; each invocation is its own process.
#   bash bench/refit_builds.sh OLD_BENCH NEW_BENCH INSTEVAL_CSV [ROUNDS] [REPEAT]
set -euo pipefail
old=$1 new=$2 insteval=$3 rounds=${4:-2} repeat=${5:-6}
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="old new"; else order="new old"; fi
  for method in ML REML; do
    for b in $order; do
      bench=$old; [[ $b == new ]] && bench=$new
      echo "# round $r $b $method $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
      "$bench" refit --data "$insteval" --method "$method" --categorical s,d,dept,service --threads 1 --repeat "$repeat" \
        --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)' | sed "s/^/$b $method /"
    done
  done
done
