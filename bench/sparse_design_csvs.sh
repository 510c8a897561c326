# Sourced by bench/sparse_fit_vs_lme4.sh and bench/sparse_profile_vs_lme4.sh: the issue-15 design CSVs in $D, made by
# the bench's `design` generator ($B) when absent, with the one set of generator arguments both scripts measure.
[ -f "$D/schools.csv" ] || $B design --out "$D/schools.csv" --rows 240000 --factors pupil:60000,school:6000:nested,nbhd:5000:near:school:4 --seed 1
[ -f "$D/nested.csv" ] || $B design --out "$D/nested.csv" --rows 400000 --factors school:40000,district:8000:nested --seed 2
[ -f "$D/three.csv" ] || $B design --out "$D/three.csv" --rows 1000000 --factors g1:20000:random,g2:10000:nearrow:g1:20,g3:5000:nearrow:g1:20 --seed 3
