# lmerTest's Type III F tests (anova(fit, type = 3)) for models with interaction terms, for Test-LmmFixedEffect.
# Run from tests/data:  Rscript inference/type3_interactions.R > inference/type3_interactions.json
# Data: data/sleepstudy_period.csv plus a 2-level factor parity ("even" for even Days, else "odd"), written to
# inference/sleepstudy_parity.csv (CRLF, as the other CSVs) with its schema sleepstudy_parity.columns.json, so the
# module reads exactly these rows with R's level order.
suppressMessages({ library(lmerTest); library(jsonlite) })
d <- read.csv("data/sleepstudy_period.csv", stringsAsFactors = FALSE)
d$parity <- ifelse(d$Days %% 2 == 0, "even", "odd")
con <- file("inference/sleepstudy_parity.csv", "wb")
write.csv(d, con, row.names = FALSE, quote = FALSE, eol = "\r\n")
close(con)
# Its schema (the layout of data/*.columns.json: column types and R's level order).
columns <- list(dataset = "sleepstudy_parity", file = "sleepstudy_parity.csv", n_rows = nrow(d),
  columns = list(list(name = "Reaction", type = "numeric"), list(name = "Days", type = "numeric"),
                 list(name = "Subject", type = "factor", levels = as.character(sort(unique(d$Subject)))),
                 list(name = "period", type = "factor", levels = c("early", "mid", "late")),
                 list(name = "parity", type = "factor", levels = c("even", "odd"))))
writeLines(toJSON(columns, auto_unbox = TRUE, pretty = TRUE), "inference/sleepstudy_parity.columns.json")
d$Subject <- factor(d$Subject)
d$period <- factor(d$period, levels = c("early", "mid", "late"))
d$parity <- factor(d$parity, levels = c("even", "odd"))
rows <- function(a) lapply(seq_len(nrow(a)), function(i) list(
  term = rownames(a)[i], sumsq = a[i, "Sum Sq"], meansq = a[i, "Mean Sq"], numdf = a[i, "NumDF"],
  dendf = a[i, "DenDF"], F = a[i, "F value"], p = a[i, "Pr(>F)"]))
case <- function(formula) {
  # A tightly converged optimum (lmerTest's df come from numerical derivatives at the optimum, so an optimum
  # converged to lme4's default tolerance moves them by ~1e-6); the tests evaluate at this theta.
  tight <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-13, ftol_abs = 1e-15,
                                                              xtol_rel = 1e-13, ftol_rel = 1e-15, maxeval = 100000))
  fit <- lmer(formula, d, REML = TRUE, control = tight)
  L <- lmerTest:::get_contrasts_type3(fit)
  list(formula = deparse(formula), method = "REML", beta_names = names(fixef(fit)),
       beta = unname(fixef(fit)), theta = I(unname(getME(fit, "theta"))), sigma = sigma(fit),
       REML_criterion = unname(REMLcrit(fit)), optimizer = "nloptwrap (tight: xtol 1e-13, ftol 1e-15)",
       anova_type3 = rows(anova(fit, type = 3)),
       anova_type3_kr = rows(anova(fit, type = 3, ddf = "Kenward-Roger")),
       hypotheses = lapply(names(L), function(t) list(term = t, L = unname(L[[t]]))))
}
out <- list(
  generated_by = "tests/data/inference/type3_interactions.R",
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                  lmerTest = as.character(packageVersion("lmerTest")), pbkrtest = as.character(packageVersion("pbkrtest"))),
  data_file = "inference/sleepstudy_parity.csv",
  cases = list(case(Reaction ~ Days * period + (1 | Subject)),
               case(Reaction ~ period * parity + (1 | Subject)),
               case(Reaction ~ Days * parity + period + (Days | Subject))))
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
