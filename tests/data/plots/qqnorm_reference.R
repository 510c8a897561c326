# R's qqnorm / qqline numbers for Export-LmmPlot -Kind QQ (tests/Pester/Export-LmmPlot.Tests.ps1).
# Run from tests/data:  Rscript plots/qqnorm_reference.R > plots/qqnorm_reference.json
# For each fit: the scaled residuals (residuals(fit, scaled = TRUE)) and every column of ranef(fit), each as
# qqnorm(y)'s points sorted by y (x = qnorm(ppoints(n)), y = the sorted values) and qqline(y)'s intercept and slope
# (the line through the quartile pairs, probs = c(0.25, 0.75), quantile type 7).
suppressMessages({ library(lme4); library(jsonlite) })
qq <- function(y) {
  q <- qqnorm(y, plot.it = FALSE)
  o <- order(q$y)
  yq <- quantile(y, c(0.25, 0.75), names = FALSE, type = 7)
  xq <- qnorm(c(0.25, 0.75))
  slope <- diff(yq) / diff(xq)
  list(n = length(y), x = q$x[o], y = q$y[o], qqline_intercept = yq[1L] - slope * xq[1L], qqline_slope = slope)
}
read <- function(name) {
  d <- read.csv(file.path("data", paste0(name, ".csv")), stringsAsFactors = FALSE)
  for (v in names(d)) if (is.character(d[[v]])) d[[v]] <- factor(d[[v]])
  d
}
case <- function(name, formula) {
  fit <- lmer(formula, read(name), REML = TRUE)
  re <- ranef(fit)
  terms <- list()
  for (g in names(re)) for (col in names(re[[g]]))
    terms[[length(terms) + 1L]] <- c(list(group = g, column = col), qq(re[[g]][[col]]))
  list(dataset = name, formula = deparse(formula), method = "REML",
       scaled_residuals = qq(residuals(fit, scaled = TRUE)), ranef = terms)
}
out <- list(
  generated_by = "tests/data/plots/qqnorm_reference.R",
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4"))),
  fits = list(case("sleepstudy", Reaction ~ Days + (Days | Subject)),
              case("Penicillin", diameter ~ 1 + (1 | plate) + (1 | sample))))
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
