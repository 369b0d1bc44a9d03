# Record R's own statistics, and Fingertips' verdict from them, for the five-point series in
# data/trend_series.json.gz, once, for the recent-trend differential test (test_trend_differential.py, which
# needs no R). Run from the repository root (Debian: r-base-core and r-cran-jsonlite):
#
#   Rscript tests/reference/record_trend_r.R
#
# Fingertips' TrendMarkerCalculator (fingertips-open 6780897) is C#; this script does not run it. It computes
# the same quantities with R's own routines, independently of our Python:
#   proportions   the chi-squared test for trend: stats::prop.trend.test(counts, denominators) (scores 1..5);
#                 the leave-one-out check: slopes of qlogis(count / denominator) on time by lm(), through all
#                 five points and leaving each out;
#   otherwise     weights 1 / se^2 with se = (upper - lower) / 3.92; the weighted slope by lm(weights = ),
#                 its standard error from summary()$cov.unscaled (the variances are known), chi-squared
#                 = (slope / se)^2; the same leave-one-out slopes by weighted lm();
# and applies Fingertips' rule: significant when chi-squared > qchisq(0.998, 1) and the six slopes share a sign
# (a slope of 0 counting as positive), increasing or decreasing by the sign of the slope through all five.

suppressPackageStartupMessages(library(jsonlite))

here <- "tests/reference/data"
con <- gzfile(file.path(here, "trend_series.json.gz"), "rt")
series <- fromJSON(readLines(con, warn = FALSE), simplifyVector = FALSE)
close(con)

verdict <- function(chi2, slopes) {
  votes <- ifelse(slopes < 0, -1, 1)
  significant <- chi2 > qchisq(0.998, 1) && abs(sum(votes)) == length(votes)
  if (!significant) "no_significant_change" else if (slopes[[1]] > 0) "increasing" else "decreasing"
}

record <- function(s) {
  rows <- do.call(rbind, lapply(s$rows, function(r) as.numeric(unlist(r))))
  t <- 1:5
  if (s$method == "proportions") {
    x <- rows[, 2]
    n <- rows[, 3]
    chi2 <- unname(prop.trend.test(x, n)$statistic)
    y <- qlogis(x / n)
    slopes <- c(coef(lm(y ~ t))[[2]], vapply(1:5, function(k) coef(lm(y[-k] ~ t[-k]))[[2]], numeric(1)))
  } else {
    y <- rows[, 1]
    w <- 1 / ((rows[, 3] - rows[, 2]) / 3.92)^2
    fit <- lm(y ~ t, weights = w)
    slope <- coef(fit)[[2]]
    chi2 <- (slope / sqrt(summary(fit)$cov.unscaled[2, 2]))^2
    slopes <- c(slope, vapply(1:5, function(k) coef(lm(y[-k] ~ t[-k], weights = w[-k]))[[2]], numeric(1)))
  }
  list(id = s$id, chi2 = sprintf("%.17g", chi2), slopes = sprintf("%.17g", slopes),
       verdict = verdict(chi2, slopes))
}

out <- lapply(series, record)
con <- gzfile(file.path(here, "trend_r.json.gz"), "wb")
writeLines(toJSON(list(r = R.version.string, series = out), auto_unbox = TRUE), con)
close(con)
cat("recorded", length(out), "series\n")
