#!/usr/bin/env bash
# Issue 15's fit figures in one session: our fit (the trailing factor chosen automatically: sparse on these designs)
# against lme4 on the same CSVs (fit time excluding the CSV load; our peak working set is the whole process's,
# CSV load included), and InstEval ML on this build and on an older one (the dense path, unchanged).
#   bash bench/sparse_fit_vs_lme4.sh OLD_BENCH [DIR] [lme4 three: yes|no]
# OLD_BENCH: the LmmPS.Bench binary of the build to compare InstEval with. Build first: dotnet build -c Release bench
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
OLD=$1
D=${2:-/tmp/lmmps-sparse}
THREE=${3:-yes}
INST=/work/shared/data/InstEval.csv
INSTF="y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"
mkdir -p "$D"
echo "# $(date -u) $(uptime)"
. "$(dirname "$0")/sparse_design_csvs.sh"

echo "# InstEval ML, this build then the old one (dense path), 2 fits each"
$B fit --data $INST --formula "$INSTF" --categorical s,d,dept,service --method ML --repeat 2
$OLD fit --data $INST --formula "$INSTF" --categorical s,d,dept,service --method ML --repeat 2

echo "# schools: ours, then lme4"
$B fit --data "$D/schools.csv" --formula "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" --categorical pupil,school,nbhd --method ML
Rscript bench/lme4_design_timing.R "$D/schools.csv" "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" ML
echo "# nested: ours, then lme4"
$B fit --data "$D/nested.csv" --formula "y ~ x + (1|school) + (1|district)" --categorical school,district --method ML
Rscript bench/lme4_design_timing.R "$D/nested.csv" "y ~ x + (1|school) + (1|district)" ML
echo "# three: ours, then lme4"
$B fit --data "$D/three.csv" --formula "y ~ x + (1|g1) + (1|g2) + (1|g3)" --categorical g1,g2,g3 --method ML
if [ "$THREE" = "yes" ]; then
  Rscript bench/lme4_design_timing.R "$D/three.csv" "y ~ x + (1|g1) + (1|g2) + (1|g3)" ML
fi
echo "# $(date -u) $(uptime)"
