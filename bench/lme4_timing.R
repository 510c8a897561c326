# lme4's time for the bench README, in the same session as ours: Rscript bench/lme4_timing.R [ML|REML] [N]
# Fits InstEval (lme4's own copy of the data) with lme4's default optimizer and prints one line per fit:
# seconds (elapsed), function evaluations, objective.
args <- commandArgs(trailingOnly = TRUE)
method <- if (length(args) >= 1) args[1] else "ML"
repeats <- if (length(args) >= 2) as.integer(args[2]) else 1
suppressPackageStartupMessages(library(lme4))
data("InstEval", package = "lme4")
for (i in seq_len(repeats)) {
  t <- system.time(fit <- lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service), data = InstEval,
                               REML = (method == "REML")))
  cat(sprintf("lme4 %s InstEval %s: %.2f s elapsed, %.2f s user, %d evaluations, objective %.6f\n",
              as.character(packageVersion("lme4")), method, t[["elapsed"]], t[["user.self"]],
              fit@optinfo$feval, if (method == "REML") REMLcrit(fit) else deviance(fit)))
}
