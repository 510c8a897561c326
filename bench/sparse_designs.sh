#!/usr/bin/env bash
# The sparse-trailing-factor figures of bench/README.md (issue 15), in one session: generate the designs, time our
# sparse factor (and today's dense factor where it fits) on each design's trailing block, and lme4 on the same CSVs.
#   bash bench/sparse_designs.sh [DIR] [lme4: yes|no|schools]      (build first: dotnet build -c Release bench)
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
D=${1:-/tmp/lmmps-sparse}
LME4=${2:-yes}
mkdir -p "$D"
echo "# $(date -u) $(uptime)"
$B design --out "$D/schools.csv" --rows 240000 --factors pupil:60000,school:6000:nested,nbhd:5000:near:school:4 --seed 1
$B design --out "$D/nested.csv" --rows 400000 --factors school:40000,district:8000:nested --seed 2
$B design --out "$D/three.csv" --rows 1000000 --factors g1:20000:random,g2:10000:nearrow:g1:20,g3:5000:nearrow:g1:20 --seed 3

echo "# schools and neighbourhoods: y ~ x + (1|pupil) + (1|school) + (1|nbhd)"
$B sparse --data "$D/schools.csv" --terms pupil,school,nbhd --repeat 5 --threads 1
$B sparse --data "$D/schools.csv" --terms pupil,school,nbhd --repeat 5 --threads 2 --dense yes
echo "# nested: y ~ x + (1|school) + (1|district)"
$B sparse --data "$D/nested.csv" --terms school,district --repeat 5
echo "# three partially crossed factors: y ~ x + (1|g1) + (1|g2) + (1|g3)"
$B sparse --data "$D/three.csv" --terms g1,g2,g3 --repeat 3

echo "# crossover: 200,000 rows, g1 20,000 levels, g2 3,000 levels within +-W of g1's position, g3 50 levels crossed"
for w in 10 50 200 500 1500; do
  $B design --out "$D/sweep$w.csv" --rows 200000 --factors g1:20000:random,g2:3000:nearrow:g1:$w,g3:50:random --seed 5
  echo "# W = $w"
  $B sparse --data "$D/sweep$w.csv" --terms g1,g2,g3 --repeat 3 --dense yes
done

if [ "$LME4" != "no" ]; then
  Rscript bench/lme4_design_timing.R "$D/schools.csv" "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" ML
  if [ "$LME4" = "yes" ]; then
    Rscript bench/lme4_design_timing.R "$D/nested.csv" "y ~ x + (1|school) + (1|district)" ML
    Rscript bench/lme4_design_timing.R "$D/three.csv" "y ~ x + (1|g1) + (1|g2) + (1|g3)" ML
  fi
fi
echo "# $(date -u) $(uptime)"
