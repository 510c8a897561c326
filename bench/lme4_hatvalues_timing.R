# lme4's hatvalues() time on InstEval, for the leverage bench (bench/leverage_vs_lme4.sh runs it beside ours):
# Rscript bench/lme4_hatvalues_timing.R [ML|REML]. The fit is not timed; hatvalues() is, once (it takes minutes).
args <- commandArgs(trailingOnly = TRUE)
method <- if (length(args) >= 1) args[1] else "ML"
suppressPackageStartupMessages(library(lme4))
data("InstEval", package = "lme4")
fit <- lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service), data = InstEval, REML = (method == "REML"))
t <- system.time(h <- hatvalues(fit))
cat(sprintf("lme4 %s InstEval %s hatvalues: %.2f s elapsed, %.2f s user, trace_H %.6f, max_h %.6f\n",
            as.character(packageVersion("lme4")), method, t[["elapsed"]], t[["user.self"]], sum(h), max(h)))
