# Issue 17 item 7: the columns lme4 keeps (chkRank.drop.cols: R's qr(X, tol = 1e-7, LAPACK = FALSE), kept = the
# first rank pivots) for a design with columns on the edge of the tolerance, large offsets, tiny scales, sparse
# factor indicators and aliased sparse columns. Run from the repository root:
#   Rscript tests/data/reference/rank_check/make_rank_check.R
set.seed(17)
n <- 400
u <- runif(n); v <- rnorm(n); w <- rnorm(n)
f <- factor(sprintf("L%02d", rep(1:40, length.out = n)))
X <- cbind("(Intercept)" = 1, x_offset = 1e6 + u, z_tiny = 1e-160 * v)
X <- cbind(X, x_alias = 2 * X[, "x_offset"] - 3 + 1e-9 * w)
ind <- model.matrix(~ f)[, -1]
X <- cbind(X, ind)
X <- cbind(X, sum_2_10 = rowSums(ind[, 1:9]))           # aliased sparse column
# A column whose residual against all earlier ones is e times its norm, for e on both sides of 1e-7.
Q <- qr.Q(qr(X[, c(1, 2, 3, 5:ncol(X) - 0)[!duplicated(c(1, 2, 3, 5:ncol(X)))]]))
resid_dir <- function(a) { r <- a - Q %*% crossprod(Q, a); r / sqrt(sum(r^2)) }
base <- v + u
e_dir <- resid_dir(rnorm(n))
for (e in c(3e-8, 3e-7, 1e-9, 1e-5)) {
  col <- base + e * sqrt(sum(base^2)) * e_dir
  X <- cbind(X, col)
  colnames(X)[ncol(X)] <- sprintf("near_%g", e)
  Q <- qr.Q(qr(cbind(Q, col)))
  e_dir <- resid_dir(rnorm(n))
}
X <- cbind(X, zero = 0, later = w)
q <- qr(X, tol = 1e-7, LAPACK = FALSE)
kept <- sort(q$pivot[seq_len(q$rank)]) - 1                # 0-based
write.csv(X, "tests/data/reference/rank_check/rank_check_columns.csv", row.names = FALSE)
X2 <- as.data.frame(X); for (j in seq_along(X2)) X2[[j]] <- sprintf("%.17g", X[, j])
write.csv(X2, "tests/data/reference/rank_check/rank_check_columns.csv", row.names = FALSE, quote = FALSE)
writeLines(paste(kept, collapse = ","), "tests/data/reference/rank_check/rank_check_kept.txt")
cat("kept", length(kept), "of", ncol(X), "; dropped:", colnames(X)[-(kept + 1)], "\n")
