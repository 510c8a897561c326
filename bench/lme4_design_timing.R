# lme4's time on a CSV from `LmmPS.Bench design`, for bench/README.md's sparse-design figures (issue 15):
#   Rscript bench/lme4_design_timing.R FILE "y ~ x + (1|pupil) + (1|school) + (1|nbhd)" [ML|REML] [N]
# The grouping columns are read as factors (every column but y and x). Prints one line per fit: elapsed and user
# seconds of lmer alone (the CSV load excluded), function evaluations, the objective, the size of lme4's sparse
# factor L of the random effects (CHOLMOD): its columns, its structural non-zeros (sum of column counts) and the
# values it stores (supernodal blocks hold explicit zeros), and R's peak memory (gc) during the fit.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript bench/lme4_design_timing.R FILE FORMULA [ML|REML] [N]")
file <- args[1]
formula <- as.formula(args[2])
method <- if (length(args) >= 3) args[3] else "ML"
repeats <- if (length(args) >= 4) as.integer(args[4]) else 1
suppressPackageStartupMessages({ library(lme4); library(Matrix) })
data <- read.csv(file, stringsAsFactors = TRUE)
for (i in seq_len(repeats)) {
  invisible(gc(reset = TRUE))
  t <- system.time(fit <- lmer(formula, data = data, REML = (method == "REML")))
  peak <- sum(gc()[, 6])
  L <- getME(fit, "L")
  structural <- if (.hasSlot(L, "colcount")) sum(L@colcount) else NA
  cat(sprintf("lme4 %s %s %s: %.2f s elapsed, %.2f s user, %d evaluations, objective %.6f, L %d columns, %s structural non-zeros, %d stored values (%s), R peak %.0f MB\n",
              as.character(packageVersion("lme4")), basename(file), method, t[["elapsed"]], t[["user.self"]],
              fit@optinfo$feval, if (method == "REML") REMLcrit(fit) else deviance(fit), ncol(L),
              format(structural), length(L@x), class(L)[1], peak))
}
