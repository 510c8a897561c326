# bootMer's time for the bench README, in the same script as ours: Rscript bench/bootmer_timing.R DATA_DIR [NSIM]
# Fits sleepstudy (REML, the reference file's fit) and times lme4::bootMer(type = "parametric", use.u = FALSE) with
# the reference file's FUN (fixed effects, sigma, SDs and correlation) and seed; one line: elapsed and user seconds.
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "/work/shared/data"
nsim <- if (length(args) >= 2) as.integer(args[2]) else 2000L
suppressPackageStartupMessages(library(lme4))
sleep <- read.csv(file.path(dir, "sleepstudy.csv"))
sleep$Subject <- factor(sleep$Subject)
fit <- lmer(Reaction ~ Days + (Days | Subject), data = sleep, REML = TRUE)
FUN <- function(x) {
  s <- sigma(x)
  vc <- as.data.frame(VarCorr(x))
  c(fixef(x), sigma = s, vc$sdcor[seq_len(nrow(vc) - 1)])
}
t <- system.time(b <- suppressMessages(suppressWarnings(
  bootMer(fit, FUN, nsim = nsim, seed = 20261201, type = "parametric", use.u = FALSE))))
cat(sprintf("{\"tool\":\"bootMer\",\"lme4\":\"%s\",\"replicates\":%d,\"seconds\":%.3f,\"user_seconds\":%.3f,\"load\":\"%s\"}\n",
            as.character(packageVersion("lme4")), nsim, t[["elapsed"]], t[["user.self"]],
            paste(readLines("/proc/loadavg"), collapse = "")))
