#!/usr/bin/env bash
# Time of one evaluation of two builds of the bench (`breakdown`: ms per evaluation and its dense_cholesky section,
# the trailing factorization), alternating in one script, first build swapped each round; each run is its own
# process. InstEval by ML, the crossed 200k design; THREADS is the thread counts to run (default "1 2").
#   bash bench/alternate_breakdown_builds.sh OLD_BENCH NEW_BENCH INSTEVAL_CSV CROSSED_200K_CSV [ROUNDS] [THREADS]
set -u
old=$1 new=$2 insteval=$3 crossed=$4 rounds=${5:-3} threads=${6:-"1 2"}
for r in $(seq 1 $rounds); do
  if (( r % 2 )); then order="old new"; else order="new old"; fi
  for b in $order; do
    bench=$old; [[ $b == new ]] && bench=$new
    for t in $threads; do
      printf 'round%s %s InstEval-t%s ' $r $b $t
      $bench breakdown --data $insteval --categorical s,d,dept,service --formula 'y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)' \
        --evaluations 20 --threads $t | grep -o '"ms_per_evaluation":[^,]*,\|"dense_cholesky":[^}]*' | tr '\n' ' '; echo
      printf 'round%s %s crossed-t%s ' $r $b $t
      $bench breakdown --data $crossed --formula 'y ~ 1 + x + (1 | g1) + (1 | g2) + (1 | g3)' --evaluations 5 --threads $t \
        | grep -o '"ms_per_evaluation":[^,]*,\|"dense_cholesky":[^}]*' | tr '\n' ' '; echo
    done
  done
done
