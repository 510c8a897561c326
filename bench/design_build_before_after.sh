#!/usr/bin/env bash
# Building the design of a large fixed factor (issue 17 item 7): y ~ x + g1 + (1 | g2) with g1 of 2,000 levels on
# 10,000 rows and of 5,000 levels on 25,000 rows, this build and an older one alternated twice, one process each
# (the `build` verb: design alone, after reading the CSV; wall and CPU seconds, peak working set).
#   bash bench/design_build_before_after.sh OLD_BENCH [DIR]
# OLD_BENCH: the LmmPS.Bench binary of the build before. Build first: dotnet build -c Release bench
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
OLD=$1
D=${2:-/tmp/lmmps-design-build}
mkdir -p "$D"
[ -f "$D/f2000.csv" ] || $B generate --out "$D/f2000.csv" --rows 10000 --levels 2000,50 --seed 1
[ -f "$D/f5000.csv" ] || $B generate --out "$D/f5000.csv" --rows 25000 --levels 5000,50 --seed 1
for round in 1 2; do
  for levels in 2000 5000; do
    for build in "$B" "$OLD"; do
      echo "# $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg); round $round, $levels levels, $build"
      $build build --data "$D/f$levels.csv" --formula "y ~ x + g1 + (1 | g2)" --categorical g1,g2
    done
  done
done
