# Issue 20 / 17 item 2: reference numbers for tests of fixed effects when a covariate interacting with a factor is
# shifted far from zero (D = Days + c). lmerTest itself is not stable on such data (at c = 1e4 its Type III table
# and joint Satterthwaite df drift: its cross-products lose the digits too), so every number here is computed on the
# UNSHIFTED model Reaction ~ Days * period + (1 | Subject), where lmerTest is stable, as the exactly equivalent
# hypothesis: the slopes (Days, Days:period) do not change under the shift, and the period effect at D = 0 is the period
# effect at Days = -c. Evaluated at the tightly converged optimum, as type3_interactions.R.
# Run from tests/data:  Rscript inference/shifted_covariate.R > inference/shifted_covariate.json
suppressMessages({ library(lmerTest); library(jsonlite) })
d <- read.csv("inference/sleepstudy_parity.csv", stringsAsFactors = FALSE)
d$Subject <- factor(d$Subject)
d$period <- factor(d$period, levels = c("early", "mid", "late"))
tight <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-13, ftol_abs = 1e-15,
                                                            xtol_rel = 1e-13, ftol_rel = 1e-15, maxeval = 100000))
fit <- lmer(Reaction ~ Days * period + (1 | Subject), d, REML = TRUE, control = tight)
# beta: (Intercept), Days, periodmid, periodlate, Days:periodmid, Days:periodlate
ftest <- function(L, ddf) {
  r <- contest(fit, L, joint = TRUE, ddf = ddf)
  list(numdf = r[["NumDF"]], dendf = r[["DenDF"]], F = r[["F value"]], p = r[["Pr(>F)"]])
}
slopes <- rbind(c(0, 1, 0, 0, 0, 0), c(0, 0, 0, 0, 1, 0), c(0, 0, 0, 0, 0, 1))
periodAt <- function(x) rbind(c(0, 0, 1, 0, x, 0), c(0, 0, 0, 1, 0, x))
shifts <- c(1e4, 1e5)
out <- list(
  generated_by = "tests/data/inference/shifted_covariate.R",
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                  lmerTest = as.character(packageVersion("lmerTest")), pbkrtest = as.character(packageVersion("pbkrtest"))),
  data_file = "inference/sleepstudy_parity.csv",
  formula = "Reaction ~ Days * period + (1 | Subject)",
  beta_names = names(fixef(fit)), theta = I(unname(getME(fit, "theta"))),
  slopes_joint = list(Satterthwaite = ftest(slopes, "Satterthwaite"), KenwardRoger = ftest(slopes, "Kenward-Roger")),
  period_at_minus_shift = lapply(shifts, function(c) list(shift = c,
    Satterthwaite = ftest(periodAt(-c), "Satterthwaite"), KenwardRoger = ftest(periodAt(-c), "Kenward-Roger"))))
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
