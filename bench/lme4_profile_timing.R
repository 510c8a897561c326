# lme4's fit and profile intervals (confint(profile(fit))) on a CSV, timed in this process: the figures
# bench/sparse_profile_vs_lme4.sh sets beside ours. Usage: Rscript bench/lme4_profile_timing.R FILE FORMULA ML|REML
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(lme4))
d <- read.csv(args[1], stringsAsFactors = TRUE)
t0 <- proc.time()
fit <- lmer(as.formula(args[2]), data = d, REML = args[3] == "REML")
t1 <- proc.time()
ci <- confint(profile(fit, signames = FALSE))
t2 <- proc.time()
cat(sprintf("lme4 %s: fit %.1f s elapsed (%.1f user), profile %.1f s elapsed (%.1f user), objective %.10f\n",
    packageVersion("lme4"), (t1 - t0)[3], (t1 - t0)[1], (t2 - t1)[3], (t2 - t1)[1], -2 * as.numeric(logLik(fit))))
print(ci, digits = 10)
