# Reference numbers for prior weights (lme4 1.1-31, lmerTest) that the ff_ files do not carry; run from the repo root:
#   Rscript tests/data/reference/weights/weights_lme4_checks.R > tests/data/reference/weights/weights_lme4_checks.json
suppressMessages({library(lme4); library(lmerTest); library(jsonlite)})
d <- read.csv("tests/data/data/sleepstudy_w_off.csv"); d$Subject <- factor(d$Subject)
ctl <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, maxeval = 1e5))
f <- lme4::lmer(Reaction ~ Days + (Days | Subject), d, weights = w, REML = TRUE, control = ctl)
fml <- lme4::lmer(Reaction ~ Days + (Days | Subject), d, weights = w, REML = FALSE, control = ctl)
# zeta of the ML profile of Days at b, by a refit with Days moved to an offset (lme4's own profile() is wrong with weights: issue #192)
zeta_days <- function(b) { d$o <- b * d$Days; g <- lme4::lmer(Reaction ~ 1 + offset(o) + (Days | Subject), d, weights = w, REML = FALSE, control = ctl)
  sign(b - fixef(fml)[2]) * sqrt(deviance(g) - deviance(fml)) }
d0 <- d; d0$w[c(1, 5)] <- 0
f0 <- suppressWarnings(lme4::lmer(Reaction ~ Days + (Days | Subject), d0, weights = w))
dn <- d; dn$w[3] <- NA
fn <- lme4::lmer(Reaction ~ Days + (Days | Subject), dn, weights = w)
dm <- d; dm$w[3] <- -1
neg <- tryCatch({lme4::lmer(Reaction ~ Days + (Days | Subject), dm, weights = w); "accepted"}, error = function(e) conditionMessage(e))
ft <- lmerTest::lmer(Reaction ~ Days + (Days | Subject), d, weights = w, REML = TRUE, control = ctl)
sat <- summary(ft, ddf = "Satterthwaite")$coefficients
kr <- summary(ft, ddf = "Kenward-Roger")$coefficients
# pbkrtest ignores prior weights (its get_SigmaG builds sigma^2 I for the residual: its unadjusted Phi differs from
# vcov(fit)), so its Kenward-Roger on the weighted fit is wrong. The weighted model is the unweighted model of the
# whitened data (sqrt(w) y, sqrt(w) X, sqrt(w) Z), where pbkrtest is right: that is the reference for our KR.
d$sw <- sqrt(d$w); d$swDays <- d$sw * d$Days; d$yw <- d$sw * d$Reaction
gw <- lmerTest::lmer(yw ~ 0 + sw + swDays + (0 + sw + swDays | Subject), d, REML = TRUE, control = ctl)
krw <- summary(gw, ddf = "Kenward-Roger")$coefficients
satw <- summary(gw, ddf = "Satterthwaite")$coefficients
out <- list(
  source = "lme4 1.1-31 / lmerTest on data/sleepstudy_w_off.csv, Reaction ~ Days + (Days | Subject), weights = w, tight nloptwrap",
  REML = list(objective = REMLcrit(f), theta = unname(getME(f, "theta")), sigma = sigma(f),
              hatvalues = unname(hatvalues(f)), scaled_residuals = unname(residuals(f, scaled = TRUE)),
              pearson_residuals = unname(residuals(f, type = "pearson"))),
  ML = list(objective = deviance(fml), beta = unname(fixef(fml))),
  profile_zeta_days = list(b = c(7.317717447468825, 14.037019825795433, 10.675419036664552),
                           zeta = c(zeta_days(7.317717447468825), zeta_days(14.037019825795433), zeta_days(10.675419036664552)),
                           note = "b: our 95% limits, then lme4's (wrong) lower limit from profile_ci"),
  zero_weight = list(rows = c(1, 5), REML_criterion = if (is.finite(REMLcrit(f0))) REMLcrit(f0) else "Inf", nobs = nobs(f0)),
  missing_weight = list(row = 3, nobs = nobs(fn)),
  negative_weight = list(row = 3, lme4 = neg),
  satterthwaite = list(df = unname(sat[, "df"]), t = unname(sat[, "t value"]), se = unname(sat[, "Std. Error"])),
  kenward_roger_pbkrtest_ignores_weights = list(df = unname(kr[, "df"]), t = unname(kr[, "t value"]), se = unname(kr[, "Std. Error"])),
  whitened = list(theta = unname(getME(gw, "theta")), objective_minus_sum_log_w = REMLcrit(gw) - sum(log(d$w)),
                  kenward_roger = list(df = unname(krw[, "df"]), se = unname(krw[, "Std. Error"])),
                  satterthwaite = list(df = unname(satw[, "df"]), se = unname(satw[, "Std. Error"])))
)
cat(toJSON(out, digits = 17, auto_unbox = TRUE, pretty = TRUE))
