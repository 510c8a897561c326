#!/usr/bin/env bash
# Fit time of two builds of the bench, alternating in one script (issue 17 item 8: the cancellation checks must cost
# nothing measurable; issue 14 item 1: the factorization over typed blocks must cost what the hard-wired one did).
# Rounds alternate which build goes first; each fit is its own process. InstEval by ML and REML, the crossed design
# by REML.
#   bash bench/alternate_fit_builds.sh OLD_BENCH NEW_BENCH INSTEVAL_CSV CROSSED_200K_CSV [ROUNDS]
# CROSSED_200K_CSV: `LmmPS.Bench generate --out FILE --rows 200000 --levels 20000,3000,50 --seed 1`.
set -euo pipefail
old=$1 new=$2 insteval=$3 crossed=$4 rounds=${5:-3}
run() { # label bench args...
  local label=$1 bench=$2; shift 2
  printf '%s ' "$label"; "$bench" fit "$@" | grep -o '"fit_seconds":[^,]*,\|"evaluations":[^,]*,\|"objective":[^,]*,' | tr -d '\n'; echo
}
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="old new"; else order="new old"; fi
  for b in $order; do
    bench=$old; [[ $b == new ]] && bench=$new
    run "round$r $b InstEval-ML" "$bench" --data "$insteval" --method ML --categorical s,d,dept,service \
      --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)'
    run "round$r $b InstEval-REML" "$bench" --data "$insteval" --method REML --categorical s,d,dept,service \
      --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)'
    run "round$r $b crossed200k-REML" "$bench" --data "$crossed" --method REML \
      --formula 'y ~ 1 + x + (1 | g1) + (1 | g2) + (1 | g3)'
  done
done
