#!/usr/bin/env bash
# Issue 14 item 3 (one owner of the trailing layout, Model/TrailingMatrix.cs): this build against the build before,
# alternated in one session (new, old, old, new), on InstEval ML and REML (two fits per process) and the 200,000-row
# crossed design (REML), then the general gradient path (WeightedSelectedInverse) and the diagonal-block one
# (InverseLevelBlocks) on InstEval at lme4's start. Objectives and gradients must be equal to the last bit.
#   bash bench/layout_owner_before_after.sh OLD_BENCH [DIR]
# OLD_BENCH: the LmmPS.Bench binary of the build before. Build first: dotnet build -c Release bench
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
OLD=$1
D=${2:-/tmp/lmmps-crossed}
I=${INSTEVAL:-../shared/data/InstEval.csv}
mkdir -p "$D"
[ -f "$D/crossed200k.csv" ] || $B generate --out "$D/crossed200k.csv" --rows 200000 --levels 20000,3000,50 --seed 1
IF="y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"
echo "# $(date -u) $(uptime)"
for build in "$B" "$OLD" "$OLD" "$B"; do
  for method in ML REML; do
    echo "# InstEval $method, $build"
    $build fit --data "$I" --formula "$IF" --categorical s,d,dept,service --method $method --repeat 2
  done
done
for build in "$B" "$OLD" "$OLD" "$B"; do
  echo "# crossed 200k REML, $build"
  $build fit --data "$D/crossed200k.csv" --formula "y ~ 1 + x + (1 | g1) + (1 | g2) + (1 | g3)" --categorical g1,g2,g3 --method REML
done
for build in "$B" "$OLD"; do
  for path in General DiagonalBlocks; do
    echo "# InstEval gradient $path, $build"
    $build gradient --data "$I" --formula "$IF" --categorical s,d,dept,service --method REML --path $path --repeat 3
  done
done
echo "# $(date -u) $(uptime)"
