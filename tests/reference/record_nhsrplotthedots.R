# Record NHSRplotthedots' own outputs for the series in data/spc_series.json.gz, once, for the differential test
# (test_spc_differential.py, which needs no R). Run from the repository root:
#
#   apt-get install -y --no-install-recommends r-base-core r-cran-dplyr r-cran-rlang r-cran-magrittr \
#     r-cran-tidyselect r-cran-assertthat r-cran-stringr r-cran-jsonlite
#   git clone https://github.com/nhs-r-community/NHSRplotthedots /tmp/NHSRplotthedots
#   git -C /tmp/NHSRplotthedots checkout 050b07d7eacc011767532732f69b8fd7d6a28fd3   # tag 0.2.2
#   Rscript tests/reference/record_nhsrplotthedots.R /tmp/NHSRplotthedots
#
# It loads NHSRplotthedots' computation functions from that checkout's R/ folder (the package itself is not
# installed: CRAN is out of reach and its plotting imports are not needed) and calls ptd_spc() with its defaults
# for each series, then writes data/spc_nhsrplotthedots.json.gz: per series the mean and process limits of each
# rebase group, each point's special_cause_type and point_type, and ptd_calculate_assurance_type's verdict.
#
# One shim: Debian 12 ships dplyr 1.0.10, whose case_when() has no `.default` argument (added in dplyr 1.1.0,
# which NHSRplotthedots 0.2.2 uses). The shim adds it, with dplyr 1.1.0's meaning: the value for rows no
# condition matched, which dplyr 1.0.10 writes as a final `TRUE ~ value`. NHSRplotthedots' own code is unchanged.

suppressPackageStartupMessages({
  library(dplyr)
  library(rlang)
  library(magrittr)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript tests/reference/record_nhsrplotthedots.R <NHSRplotthedots checkout>")
ptd_dir <- args[[1]]

if (!"default" %in% sub("^\\.", "", names(formals(dplyr::case_when)))) {
  case_when_1_0 <- dplyr::case_when
  utils::assignInNamespace("case_when", function(..., .default = NULL) {
    if (is.null(.default)) return(case_when_1_0(...))
    default <- .default
    case_when_1_0(..., TRUE ~ default)
  }, ns = "dplyr")
}

# The computation: ptd_spc and what it calls (no plotting). Sourced into the global environment so that S3
# dispatch (ptd_spc, to_datetime) finds the methods.
files <- c(
  "ZZZ.R", "to_datetime.R", "ptd_rebase.R", "ptd_target.R", "ptd_spc_options.R", "ptd_validate_spc_options.R",
  "ptd_add_rebase_column.R", "ptd_spc_standard.R", "ptd_calculate_point_type.R", "ptd_add_short_group_warnings.R",
  "ptd_add_target_column.R", "ptd_calculate_assurance_type.R", "ptd_spc.R"
)
for (f in files) sys.source(file.path(ptd_dir, "R", f), envir = globalenv())

num <- function(x) ifelse(is.na(x) & !is.nan(x), NA, sprintf("%.17g", x))

record <- function(s) {
  y <- as.numeric(unlist(s$values))
  d <- data.frame(x = as.Date("2020-01-01") + seq_along(y) - 1, y = y)
  rebase <- if (is.null(s$rebase)) ptd_rebase() else ptd_rebase(d$x[[s$rebase + 1]])
  target <- if (is.null(s$target)) ptd_target() else ptd_target(as.numeric(s$target))
  r <- suppressWarnings(ptd_spc(
    d, y, x,
    rebase = rebase, improvement_direction = s$direction, target = target, screen_outliers = isTRUE(s$screen)
  ))
  r <- as.data.frame(r)
  first <- !duplicated(r$rebase_group)
  assurance <- if (is.null(s$target)) NA else ptd_calculate_assurance_type(structure(r, options = list(
    target = s$target, improvement_direction = s$direction
  )))$assurance_type
  list(
    id = s$id,
    groups = lapply(which(first), function(i) num(c(r$mean_col[[i]], r$lpl[[i]], r$upl[[i]]))),
    group = r$rebase_group,
    special_cause_type = r$special_cause_type,
    point_type = r$point_type,
    assurance = assurance
  )
}

here <- "tests/reference/data"
con <- gzfile(file.path(here, "spc_series.json.gz"), "rt")
series <- fromJSON(readLines(con, warn = FALSE), simplifyVector = FALSE)
close(con)
out <- lapply(series, record)

commit <- tryCatch(
  system2("git", c("-C", ptd_dir, "rev-parse", "HEAD"), stdout = TRUE, stderr = FALSE),
  error = function(e) NA_character_, warning = function(w) NA_character_
)
description <- read.dcf(file.path(ptd_dir, "DESCRIPTION"))
recorded <- list(
  nhsrplotthedots = list(version = unname(description[1, "Version"]), commit = commit),
  r = R.version.string,
  packages = lapply(c(dplyr = "dplyr", rlang = "rlang", tidyselect = "tidyselect", stringr = "stringr"),
                    function(p) as.character(packageVersion(p))),
  series = out
)
con <- gzfile(file.path(here, "spc_nhsrplotthedots.json.gz"), "wb")
writeLines(toJSON(recorded, auto_unbox = TRUE, null = "null", na = "null"), con)
close(con)
cat("recorded", length(out), "series\n")
