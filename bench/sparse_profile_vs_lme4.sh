#!/usr/bin/env bash
# Profile intervals of the nested and partially crossed designs on the sparse trailing factor (Get-LmmProfile's
# engine, chosen automatically as for the fit), against lme4's confint(profile(fit)) on the same CSVs, in one script.
#   bash bench/sparse_profile_vs_lme4.sh [DIR]      (build first: dotnet build -c Release bench)
# The CSVs come from bench/sparse_design_csvs.sh, as for bench/sparse_fit_vs_lme4.sh (the three-factor one is made too).
set -euo pipefail
B=bench/bin/Release/net10.0/LmmPS.Bench
D=${1:-/tmp/lmmps-sparse}
mkdir -p "$D"
echo "# $(date -u) $(uptime)"
. "$(dirname "$0")/sparse_design_csvs.sh"
echo "# nested: ours, then lme4"
$B profile --data "$D/nested.csv" --formula "y ~ x + (1|school) + (1|district)" --categorical school,district --method ML
Rscript bench/lme4_profile_timing.R "$D/nested.csv" "y ~ x + (1|school) + (1|district)" ML
echo "# schools: ours, then lme4"
$B profile --data "$D/schools.csv" --formula "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" --categorical pupil,school,nbhd --method ML
Rscript bench/lme4_profile_timing.R "$D/schools.csv" "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" ML
echo "# $(date -u) $(uptime)"
