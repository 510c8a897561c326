# lme4's rounding noise on the star design (issue 17 item 6): the profiled deviance at theta + k h e_i, k = -5..5,
# and the spread of its second differences f(k+1) - 2 f(k) + f(k-1) (the curvature h^2 f'' is smooth in k, so
# their spread max - min is rounding noise). One line per method, parameter and h. Same lines as
# `LmmPS.Bench noise` prints for LmmPS.  Usage: Rscript bench/star_noise.R [DATA_DIR]
suppressMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "tests/extra-data"
s <- read.csv(file.path(dir, "data", "star.csv"), colClasses = c(gr = "character"))
meta <- fromJSON(file.path(dir, "data", "star.columns.json"), simplifyVector = FALSE)
for (col in meta$columns) if (col$type %in% c("factor", "ordered_factor"))
  s[[col$name]] <- factor(as.character(s[[col$name]]), levels = unlist(col$levels), ordered = col$type == "ordered_factor")
opt <- fromJSON(file.path(dir, "noise", "star_optimum.json"))
f <- math ~ gr + sx + eth + cltype + (1 | id) + (1 | tch) + (1 | sch)
for (method in c("ML", "REML")) {
  dev <- lmer(f, data = s, REML = method == "REML", devFunOnly = TRUE)
  th <- opt[[method]]$theta
  for (i in seq_along(th)) for (h in c(1e-4, 1e-5, 1e-6)) {
    v <- sapply(-5:5, function(k) { t <- th; t[i] <- t[i] + k * h; dev(t) })
    d2 <- diff(v, differences = 2); k <- seq_along(d2); r <- resid(lm(d2 ~ k))
    cat(sprintf("lme4 %s theta%d h=%.0e  f=%.10f  d2 mean %.3e  spread %.3e  max|d2-linear| %.3e\n", method, i, h, v[6],
                mean(d2), max(d2) - min(d2), max(abs(r))))
  }
}
