# Writes mlmRev's `star` (complete cases of the columns of the partially crossed design of issue 17 item 6) to
# OUT/data/star.csv + star.columns.json, and lme4's optimum of
#   math ~ gr + sx + eth + cltype + (1 | id) + (1 | tch) + (1 | sch)
# with its devfun at that theta (ML and REML) to OUT/noise/star_optimum.json.
# Run by hand: Rscript tools/make_star_data.R tests/extra-data   (R 4.2.2, lme4 1.1-31, mlmRev 1.0-8)
suppressMessages({ library(mlmRev); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "extra"
dir.create(file.path(out, "data"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out, "noise"), recursive = TRUE, showWarnings = FALSE)
cols <- c("math", "gr", "sx", "eth", "cltype", "id", "tch", "sch")
s <- star[complete.cases(star[, cols]), cols]
s <- droplevels(s)
write.csv(s, file.path(out, "data", "star.csv"), row.names = FALSE, na = "")
meta <- list(dataset = "star", file = "star.csv", n_rows = nrow(s), columns = lapply(names(s), function(v) {
  x <- s[[v]]
  if (is.ordered(x)) list(name = v, type = "ordered_factor", levels = levels(x))
  else if (is.factor(x)) list(name = v, type = "factor", levels = levels(x))
  else if (is.integer(x)) list(name = v, type = "integer")
  else list(name = v, type = "numeric")
}))
writeLines(toJSON(meta, auto_unbox = TRUE, pretty = TRUE, digits = NA), file.path(out, "data", "star.columns.json"))
f <- math ~ gr + sx + eth + cltype + (1 | id) + (1 | tch) + (1 | sch)
res <- list(formula = deparse(f), rows = nrow(s))
for (reml in c(FALSE, TRUE)) {
  fit <- lmer(f, data = s, REML = reml)
  dev <- lmer(f, data = s, REML = reml, devFunOnly = TRUE)
  th <- getME(fit, "theta")
  res[[if (reml) "REML" else "ML"]] <- list(theta = unname(th), theta_names = names(th),
    devfun_at_theta = dev(th), objective = unname(if (reml) REMLcrit(fit) else deviance(fit)),
    fixef_columns = colnames(getME(fit, "X")))
}
writeLines(toJSON(res, auto_unbox = TRUE, pretty = TRUE, digits = NA), file.path(out, "noise", "star_optimum.json"))
