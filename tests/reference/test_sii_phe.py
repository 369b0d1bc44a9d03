"""phe_sii (logframe.inequality) against PHEindicatormethods' own SII test cases.

Source: github.com/ukhsa-collaboration/PHEindicatormethods at 093fd288d8f8949dbcfbed70049dbbf385b6141d:
  tests/testthat/testSII.R (every case of "SII and confidence limits calculate correctly", of "errors are generated
  when invalid parameters are entered" and "... input dataframe contains invalid data", and of "warnings are
  generated when data does not pass quality checks"), on its data tests/testthat/testdata_SII.xlsx (sheet
  testdata_SII, converted cell for cell to tests/reference/data/phe_sii_testdata.csv; data-raw/LoadTestdata.R groups
  it by Area, Grouping1 and Grouping2 as SII_test_grouped).

As there: the SII, RII and intercept match, and the simulated confidence limits agree within testSII.R's tolerance
(0.05), judged as testthat's expect_equal judges it (waldo's num_equal, column by column: the mean absolute
difference over the mean absolute expected value, or the plain mean difference where that mean is 0.05 or less).
Not ported: the dimension checks of reliability_stat (not offered here) and the argument-type errors that Python's
types make impossible (a missing data or population argument).
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from logframe.inequality import QuantileRow, SiiError, phe_sii, phe_sii_groups

DATA = Path(__file__).parent / "data" / "phe_sii_testdata.csv"
REPO = "ukhsa-collaboration/PHEindicatormethods@093fd28:tests/testthat/testSII.R"
TOL = 0.05  # testSII.R: tol <- 0.05
NO_REPS = 10_000  # testSII.R: no_reps <- 10000


def _num(text: str):
    if text in ("", "NA"):
        return None
    try:
        return float(text)
    except ValueError:
        return text  # 'group A' where a number belongs: the non-numeric case


with open(DATA, newline="", encoding="utf-8") as fh:
    SHEET = list(csv.DictReader(fh))  # SHEET[i - 1] is R's SII_test_grouped[i, ]


def _rows(first: int, last: int, drop: tuple[int, ...] = (), population: str = "Population"):
    """R's SII_test_grouped[first:last, 3:13] grouped by Area, Grouping1, Grouping2, as QuantileRows."""
    groups: dict[tuple, list[QuantileRow]] = {}
    for i in range(first, last + 1):
        if i in drop:
            continue
        r = SHEET[i - 1]
        key = (r["Area"], r["Grouping1"], r["Grouping2"])
        groups.setdefault(key, []).append(QuantileRow(
            quantile=float(r["Quantile"]), population=_num(r[population]), value=_num(r["Value"]),
            x=_num(r["Count"]), lower_cl=_num(r["LowerCL"]), upper_cl=_num(r["UpperCL"]),
            se=_num(r["StandardError"])))
    return groups


def _expected(i: int) -> dict:
    r = SHEET[i - 1]
    return {k: _num(r[k]) for k in r}


def num_equal(actual: list[float], expected: list[float], tolerance: float = TOL) -> bool:
    """waldo's num_equal (what testthat 3e's expect_equal(..., tolerance =) applies to each column)."""
    pairs = [(a, e) for a, e in zip(actual, expected) if a != e]
    if not pairs:
        return True
    avg_diff = sum(abs(a - e) for a, e in pairs) / len(pairs)
    avg_y = sum(abs(e) for _, e in pairs) / len(pairs)
    if math.isfinite(avg_y) and avg_y > tolerance:
        avg_diff /= avg_y
    return avg_diff < tolerance


# (case, rows, expected rows, arguments, columns compared): each expect_equal of testSII.R's first test_that.
# Columns: the output's sii/rii/intercept and the limits at the first (1) and second (2) confidence level,
# each with the sheet column that holds the expected value.
FULL = {"sii": "sii", "rii": "rii", "sii_lower1": "sii_lowercl_1", "sii_upper1": "sii_uppercl_1",
        "rii_lower1": "rii_lowercl_1", "rii_upper1": "rii_uppercl_1"}
WITH_INTERCEPT = {**FULL, "intercept": "Intercept"}
TWO_LEVELS = {**FULL, "sii_lower2": "sii_lowercl_2", "sii_upper2": "sii_uppercl_2", "rii_lower2": "rii_lowercl_2",
              "rii_upper2": "rii_uppercl_2"}
NO_RII = {"sii": "sii", "sii_lower1": "sii_lowercl_1", "sii_upper1": "sii_uppercl_1"}
CASES = [
    ("test default with SE provided", (1, 20), (1, 11), dict(value_type=0, use_se=True), FULL),
    ("test default with CLs provided", (1, 20), (1, 11), dict(value_type=0), FULL),
    ("test default with intercept", (1, 20), (246, 256), dict(value_type=0), WITH_INTERCEPT),
    ("test at 99% confidence (decimal)", (21, 40), (21, 31), dict(confidence=0.99), FULL),
    ("test at 99% confidence (%)", (21, 40), (21, 31), dict(confidence=99, use_se=True), FULL),
    ("test at 95 and 99% confidence (%)", (226, 245), (226, 236), dict(confidence=(95, 99), use_se=True),
     TWO_LEVELS),
    ("test on 10000 repetitions", (41, 60), (41, 51), dict(use_se=True, repetitions=100_000), FULL),
    ("test on quintiles", (61, 70), (61, 66), dict(use_se=True), {"sii": "sii"}),
    ("test rate with SE provided", (71, 90), (71, 81), dict(value_type=1, use_se=True), FULL),
    ("test rate with CLs provided", (71, 90), (71, 81), dict(value_type=1), FULL),
    ("test rate with intercept", (71, 90), (266, 276), dict(value_type=1), WITH_INTERCEPT),
    ("test rate with transformation", (306, 325), (306, 316), dict(value_type=1, transform=True), WITH_INTERCEPT),
    ("test rate with transformation and negative multiplier", (386, 405), (386, 396),
     dict(value_type=1, transform=True, multiplier=-1), WITH_INTERCEPT),
    ("test rate with transformation and 98% cis", (406, 425), (406, 416),
     dict(value_type=1, transform=True, confidence=98), WITH_INTERCEPT),
    ("test rate with transformation and multiple cis", (366, 385), (366, 376),
     dict(value_type=1, transform=True, confidence=(95, 98)), {**TWO_LEVELS, "intercept": "Intercept"}),
    ("test rate with transformation without rii", (426, 445), (426, 436), dict(value_type=1, transform=True),
     NO_RII),
    ("test proportion with SE provided", (91, 110), (91, 101), dict(value_type=2, use_se=True), FULL),
    ("test proportion with CLs provided", (91, 110), (91, 101), dict(value_type=2), FULL),
    ("test proportion with count provided", (91, 110), (91, 101), dict(value_type=2, use_value=False), FULL),
    # testSII.R passes value_type = 1 here, against the sheet's 'proportion ... intercept' rows
    ("test proportion with intercept", (91, 110), (286, 296), dict(value_type=1), WITH_INTERCEPT),
    ("test proportion with positive multiplier and RII", (111, 130), (111, 121),
     dict(value_type=2, multiplier=100), FULL),
    ("test proportion with positive multiplier without RII", (111, 130), (111, 121),
     dict(value_type=2, multiplier=100), NO_RII),
    ("test proportion with negative multiplier and RII", (131, 150), (131, 141),
     dict(value_type=2, multiplier=-100), FULL),
    ("test proportion with negative multiplier without RII", (131, 150), (131, 141),
     dict(value_type=2, multiplier=-100), NO_RII),
    ("test proportion with transformation", (326, 345), (326, 336), dict(value_type=2, transform=True),
     WITH_INTERCEPT),
    ("test proportion with transformation and negative multiplier", (346, 365), (346, 356),
     dict(value_type=2, transform=True, multiplier=-1), WITH_INTERCEPT),
    ("test proportion with transformation and 98% cis", (466, 485), (466, 476),
     dict(value_type=2, transform=True, confidence=98), WITH_INTERCEPT),
    ("test proportion with transformation and 95% and 98% cis", (486, 505), (486, 496),
     dict(value_type=2, transform=True, confidence=(95, 98)), {**TWO_LEVELS, "intercept": "Intercept"}),
    ("test proportion with transformation and no rii", (446, 465), (446, 456), dict(value_type=2, transform=True),
     NO_RII),
]


def _output(result, name: str) -> float:
    if name in ("sii", "rii", "intercept"):
        return getattr(result, name)
    field, level = name[:-1], int(name[-1]) - 1
    return getattr(result.limits[level], field)


@pytest.mark.parametrize("case, rows, expected, args, columns", CASES, ids=[f"{REPO}:{c[0]}" for c in CASES])
def test_sii_and_confidence_limits_calculate_correctly(case, rows, expected, args, columns):
    args = {"repetitions": NO_REPS, **args}
    run = phe_sii_groups(_rows(*rows), **args)
    assert len(run.results) == 2
    wanted = [_expected(i) for i in expected]
    got = [run.results[(w["Area"], w["Grouping1"], w["Grouping2"])] for w in wanted]
    for name, column in columns.items():
        actual, target = [_output(g, name) for g in got], [w[column] for w in wanted]
        if name in ("sii", "rii", "intercept"):
            # testSII.R: 'Expect SII value to match exactly' (the regression has no randomness)
            assert actual == pytest.approx(target, rel=1e-9), (case, name)
        assert num_equal(actual, target), (case, name, actual, target)


def test_on_ungrouped_data():
    """testSII.R 'test on ungrouped data': the first area's ten rows alone give its SII, RII and limits."""
    rows = _rows(1, 10)
    result = phe_sii(next(iter(rows.values())), repetitions=NO_REPS)
    expected = _expected(1)
    for name, column in FULL.items():
        assert num_equal([_output(result, name)], [expected[column]]), name


def test_the_same_seed_gives_the_same_limits():
    """testSII.R: set.seed(5) before two identical calls gives identical results (test1, test2)."""
    first = phe_sii_groups(_rows(1, 20), use_se=True, repetitions=1000, seed=5)
    second = phe_sii_groups(_rows(1, 20), use_se=True, repetitions=1000, seed=5)
    assert first == second


# testSII.R's error cases: (rows, arguments, the message phe_sii stops with)
ERRORS = [
    ((1, 20), dict(repetitions=100), "number of repetitions must be 1000 or greater"),
    ((1, 20), dict(value_type=3), "value_type should be 0, 1 or 2"),
    ((1, 20), dict(confidence=0.35, use_se=True), "all confidence levels must be between 90 and 100 or between 0.9 and 1"),
    ((1, 20), dict(confidence=40, use_se=True), "all confidence levels must be between 90 and 100 or between 0.9 and 1"),
    ((1, 20), dict(confidence=135, use_se=True), "all confidence levels must be between 90 and 100 or between 0.9 and 1"),
    ((1, 20), dict(transform=True, value_type=0), "value_type should be 1 or 2 when transform is true"),
    ((1, 20), dict(transform=True, value_type=1, use_se=True), "se to be missing when transform is true"),
    ((151, 160), dict(use_se=True), "some groups have a zero, negative or missing population"),
    ((161, 165), dict(use_se=True), "negative or missing standard errors in input dataset"),
    ((191, 200), dict(use_se=True), "negative or missing standard errors in input dataset"),
    ((166, 170), dict(value_type=2, use_value=False, use_se=True), "some groups have a zero or negative count x"),
    ((1, 20), dict(value_type=2, use_se=True), "value proportions are not all between 0 and 1"),
    ((171, 175), dict(value_type=2), "confidence limit proportions are not all between 0 and 1"),
    ((176, 180), dict(value_type=2), "confidence limit proportions are not all between 0 and 1"),
    ((1, 3), dict(), "Number of quantiles must be between 5 and 100"),
    ((191, 200), dict(), "missing lower or upper confidence limits in input dataset"),
]


@pytest.mark.parametrize("rows, args, message", ERRORS, ids=[f"{REPO}:error:{e[2][:40]}" for e in ERRORS])
def test_errors(rows, args, message):
    with pytest.raises(SiiError, match=message.replace("(", r"\(").replace(")", r"\)")):
        phe_sii_groups(_rows(*rows), **args)


def test_non_numeric_input():
    """testSII.R: Grouping1 (text) given as the population."""
    with pytest.raises(SiiError, match="some input fields in data.frame are non-numeric"):
        phe_sii_groups(_rows(151, 160, population="Grouping1"), use_se=True)


def test_warning_records_removed_for_incomplete_groups():
    """testSII.R: rows c(1:15, 17:20): area2 has no sixth decile, so it is left out with phe_sii's warning."""
    run = phe_sii_groups(_rows(1, 20, drop=(16,)), repetitions=1000)
    assert "WARNING: some records have been removed due to incomplete or invalid data" in run.warnings
    assert [k[0] for k in run.results] == ["area1"]


def test_warning_large_number_of_quantiles():
    """testSII.R: rows 211:225, fifteen quantiles."""
    run = phe_sii_groups(_rows(211, 225), repetitions=1000)
    assert "WARNING: Small values can make SII unstable when using a large number of quantiles" in run.warnings
