#!/usr/bin/env bash
# The sparse trailing factor's analytic gradient (issue 15 item 3) against the central difference it replaced, in one
# session: nested and schools (ML, the trailing kind forced sparse, the automatic choice on both), this build and an
# older one alternated twice; the three-factor design once each; then lme4 on the nested design (fit time excluding
# the CSV load).
#   bash bench/sparse_gradient_before_after.sh OLD_BENCH [DIR] [lme4: yes|no]
# OLD_BENCH: the LmmPS.Bench binary of the build before (finite-difference gradient). Build first: dotnet build -c Release bench
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
OLD=$1
D=${2:-/tmp/lmmps-sparse}
LME4=${3:-yes}
mkdir -p "$D"
echo "# $(date -u) $(uptime)"
[ -f "$D/schools.csv" ] || $B design --out "$D/schools.csv" --rows 240000 --factors pupil:60000,school:6000:nested,nbhd:5000:near:school:4 --seed 1
[ -f "$D/three.csv" ] || $B design --out "$D/three.csv" --rows 1000000 --factors g1:20000:random,g2:10000:nearrow:g1:20,g3:5000:nearrow:g1:20 --seed 3
[ -f "$D/nested.csv" ] || $B design --out "$D/nested.csv" --rows 400000 --factors school:40000,district:8000:nested --seed 2
for round in 1 2; do
  for build in "$B" "$OLD"; do
    echo "# round $round, nested, $build"
    $build fit --data "$D/nested.csv" --formula "y ~ x + (1|school) + (1|district)" --categorical school,district --method ML --trailing sparse
    echo "# round $round, schools, $build"
    $build fit --data "$D/schools.csv" --formula "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" --categorical pupil,school,nbhd --method ML --trailing sparse
  done
done
for build in "$B" "$OLD"; do
  echo "# three, $build"
  $build fit --data "$D/three.csv" --formula "y ~ x + (1|g1) + (1|g2) + (1|g3)" --categorical g1,g2,g3 --method ML --trailing sparse
done
if [ "$LME4" = "yes" ]; then
  echo "# nested: lme4"
  Rscript bench/lme4_design_timing.R "$D/nested.csv" "y ~ x + (1|school) + (1|district)" ML
fi
echo "# $(date -u) $(uptime)"
