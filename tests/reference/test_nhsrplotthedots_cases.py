"""xmr against NHSRplotthedots' own published cases: its testthat tests and snapshots, and its vignettes.

Source: github.com/nhs-r-community/NHSRplotthedots at 050b07d7eacc011767532732f69b8fd7d6a28fd3 (tag 0.2.2,
DESCRIPTION Version 0.2.2). Each test names the file (and test_that block) it comes from. Cases that only
check mocks, plotting or argument validation are not ported (docs/statistics.md lists them).

The rule helpers (_trend_ends, _shift_ends, _part_of_run, _two_in_three, _special_causes) are private to
logframe.stats; they are tested here because each is the counterpart of one NHSRplotthedots function whose own
tests are ported one-for-one.
"""
from __future__ import annotations

import pytest

from logframe import stats
from logframe.stats import (
    _part_of_run,
    _shift_ends,
    _special_causes,
    _trend_ends,
    _two_in_three,
    assurance,
    xmr,
)
from tests.reference.ptd import ASSURANCE, point_type, special_cause_type, special_cause_type_of

AT = "nhs-r-community/NHSRplotthedots@050b07d"
POINT_TYPE_TESTS = f"{AT}:tests/testthat/test-ptd_calculate_point_type.R"

# --- ptd_calculate_point_type.R helpers ---------------------------------------------------------------------


@pytest.mark.parametrize("v, expected", [
    ([], []),
    ([1] * 6, [0] * 6),
    ([1] * 6 + [-1], [0] * 7),
    ([1] * 8 + [-1], [0] * 6 + [1, 1, 0]),
    ([-1] * 8 + [1], [0] * 6 + [1, 1, 0]),
])
def test_ptd_seven_point_one_side_mean(v, expected):
    # test-ptd_calculate_point_type.R "ptd_seven_point_one_side_mean works as expected"
    assert _shift_ends(v) == expected


@pytest.mark.parametrize("v, expected", [
    ([], []),
    ([0] * 6, [0] * 6),
    ([0] * 6 + [1, 0], [1] * 7 + [0]),
    ([0] * 7 + [1, 0], [0] + [1] * 7 + [0]),
    ([0] * 6 + [-1, 0], [1] * 7 + [0]),
    ([0] * 7 + [-1, 0], [0] + [1] * 7 + [0]),
])
def test_ptd_part_of_seven_trend(v, expected):
    # test-ptd_calculate_point_type.R "ptd_part_of_seven_trend works as expected"
    assert _part_of_run(v) == [bool(e) for e in expected]


@pytest.mark.parametrize("y, expected", [
    ([], []),
    (list(range(1, 7)), [0] * 6),
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7),  # c(1:3, 3:6): a tie breaks the run
    (list(range(1, 8)), [0] * 6 + [1]),
    ([2, *range(1, 8), 3], [0] * 7 + [1, 0]),
    (list(range(7, 0, -1)), [0] * 6 + [-1]),
    ([2, *range(7, 0, -1), 3], [0] * 7 + [-1, 0]),
])
def test_ptd_seven_point_trend(y, expected):
    # test-ptd_calculate_point_type.R "ptd_seven_point_trend works as expected"
    assert _trend_ends(y) == expected


@pytest.mark.parametrize("close, rtm, expected", [
    ([], [], []),
    # ptd_two_in_three(numeric(3), numeric(1)): no close points, so 0 whatever rtm holds (ported with zeros).
    ([0, 0, 0], [0, 0, 0], [0, 0, 0]),
    ([1, 0, 1], [1, 1, 1], [1, 1, 1]),
    ([0, 1, 1], [1, 1, 1], [1, 1, 1]),
    ([1, 1, 0], [1, 1, 1], [1, 1, 1]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 1, 1, 0, 0]),
    ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 1, 1, 1, 1, 0, 0]),
    # "... when points are on opposite sides of the mean"
    ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
    ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
    ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
    ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
])
def test_ptd_two_in_three(close, rtm, expected):
    # test-ptd_calculate_point_type.R "ptd_two_in_three works as expected" (and "... opposite sides ...")
    assert _two_in_three([bool(c) for c in close], rtm) == [bool(e) for e in expected]


@pytest.mark.parametrize("close, rtm", [
    ([], []),
    ([0, 0, 0], [0, 0, 0]),
    ([1, 0, 1], [1, 1, 1]),
    ([0, 1, 1], [1, 1, 1]),
    ([1, 1, 0], [1, 1, 1]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7),
    ([0, 0, 1, 1, 0, 0, 0], [1] * 7),
])
def test_ptd_part_of_two_in_three_flags_every_close_point_of_a_qualifying_window(close, rtm):
    # test-ptd_calculate_point_type.R "ptd_part_of_two_in_three works as expected", cases a-g: the result is the
    # close_to_limits vector itself.
    hits = _two_in_three([bool(c) for c in close], rtm)
    assert [bool(c) and h for c, h in zip(close, hits)] == [bool(c) for c in close]


@pytest.mark.parametrize("close, expected", [
    ([1, 0, 0, 1], [0, 0, 0, 0]),  # hv: no two close points within three
    ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),  # iv
])
def test_ptd_part_of_two_in_three_isolated_points(close, expected):
    # test-ptd_calculate_point_type.R "ptd_part_of_two_in_three works as expected", cases h and i
    hits = _two_in_three([bool(c) for c in close], [1] * len(close))
    assert [bool(c) and h for c, h in zip(close, hits)] == [bool(e) for e in expected]


def test_ptd_special_cause_type_precedence_and_labels():
    # test-ptd_calculate_point_type.R "ptd_special_cause_type works as expected": the mocks give the part-of
    # vectors (trend c(1, -1, 0, ...), shift c(0, 0, 1, -1, 0, ...), 2 in 3 c(0, 0, 0, 0, 1, 0, 0, 0)); y = 1:8,
    # relative_to_mean = c(1, 1, 1, 1, -1, -1, -1, -1), outside_limits = c(0, 0, 0, 0, 0, 1, -1, 0).
    y = list(range(1, 9))
    side = [1, 1, 1, 1, -1, -1, -1, -1]
    outside = [0, 0, 0, 0, 0, 1, -1, 0]
    trend = [1, -1, 0, 0, 0, 0, 0, 0]
    shift = [0, 0, 1, -1, 0, 0, 0, 0]
    two = [0, 0, 0, 0, 1, 0, 0, 0]
    hits = _special_causes(y, side, [bool(o) for o in outside], [bool(t) for t in trend], [bool(t) for t in two],
                           [bool(s) for s in shift])
    assert [special_cause_type_of(h) for h in hits] == [
        "7 Point Trend (Increasing)", "7 Point Trend (Increasing)", "7 Points Above CL", "7 Points Above CL",
        "2 in 3 Below CL", "Below LCL", "Below LCL", "Common Cause"]


# --- ptd_spc_standard.R snapshots ---------------------------------------------------------------------------

# rnorm(20) after set.seed(123), as the test files make their data (R 4.2.2, Mersenne-Twister with Inversion;
# printed with 17 significant digits; the snapshots show -0.56047565, -0.23017749, 1.55870831, 0.07050839, ...).
RNORM_123 = [
    -0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576003, 0.12928773516094624,
    1.715064986883281, 0.4609162059892023, -1.265061234606534, -0.68685285189352607, -0.44566197009995806,
    1.2240817974394615, 0.35981382705736381, 0.40077145059405217, 0.11068271594511971, -0.55584113475407493,
    1.7869131368030782, 0.49785047822923939, -1.9666171566296382, 0.70135590156368555, -0.47279140772793404,
]
SNAPSHOT = f"{AT}:tests/testthat/_snaps/ptd_spc_standard.md"


def _with_10_at_15():
    y = list(RNORM_123)
    y[14] = 10  # data$y[15] <- 10
    return y


@pytest.mark.parametrize("y, screen, mean, lpl, upl, rtm", [
    (RNORM_123, True, 0.1416238, -3.01138, 3.294627, [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]),
    (_with_10_at_15(), True, 0.6694159, -2.383666, 3.722497, [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]),
    (_with_10_at_15(), False, 0.6694159, -4.596625, 5.935457, [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]),
], ids=[f"{SNAPSHOT}:r1", f"{SNAPSHOT}:r2", f"{SNAPSHOT}:r3-screen_outliers-FALSE"])
def test_ptd_spc_standard_snapshots(y, screen, mean, lpl, upl, rtm):
    # The snapshot prints values to 7 significant digits and the first entries of each column.
    spc = xmr(y, "higher_is_better", screen=screen)
    assert (spc.mean, spc.lcl, spc.ucl) == (pytest.approx(mean, abs=5e-7), pytest.approx(lpl, abs=5e-6),
                                            pytest.approx(upl, abs=5e-7))
    assert [(p.value > spc.mean) - (p.value < spc.mean) for p in spc.points][:len(rtm)] == rtm
    assert not any("outside_limits" in p.rules for p in spc.points[:8])  # outside_limits FALSE, FALSE, ...


def test_ptd_spc_standard_screening_changes_the_limits():
    # test-ptd_spc_standard.R "it returns expected values": r1, r2 (screened) and r3 (not) all differ, and r3's
    # range is wider than r2's.
    r1, r2 = xmr(RNORM_123), xmr(_with_10_at_15())
    r3 = xmr(_with_10_at_15(), screen=False)
    assert len({r1.lcl, r2.lcl, r3.lcl}) == 3 and len({r1.ucl, r2.ucl, r3.ucl}) == 3
    assert r3.ucl - r3.lcl > r2.ucl - r2.lcl


def test_ptd_spc_standard_rebase_group():
    # test-ptd_spc_standard.R "it sets the rebase_group field": a rebase at the 11th point gives groups of 10.
    spc = xmr(RNORM_123, "higher_is_better", rebase_index=10)
    assert [p.segment for p in spc.points] == [0] * 10 + [1] * 10


def test_two_of_three_only_on_the_same_side_of_the_mean():
    # test-ptd_spc_standard.R "it only reports special cause for 2of3 points close to limits when they are on the
    # same side of the mean": 1, -1 eight times, then 5.5 and -5.5 as the last two points.
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    spc = xmr(data, "higher_is_better")
    assert [point_type(p) for p in spc.points[-2:]] == ["common_cause", "common_cause"]


# --- ptd_spc.R summaries ------------------------------------------------------------------------------------

SUMMARY = f"{AT}:tests/testthat/_snaps/ptd_spc.md"


@pytest.mark.parametrize("y, mean, lpl, upl, n", [
    (RNORM_123, 0.142, -3.01, 3.29, 20),
    (RNORM_123[:10], 0.0746, -2.60, 2.75, 10),  # facet 0
    (RNORM_123[10:], 0.209, -3.28, 3.70, 10),  # facet 1
], ids=[f"{SUMMARY}:it-outputs-expected-content:{k}" for k in ("s1", "s3-facet-0", "s3-facet-1")])
def test_ptd_spc_summary(y, mean, lpl, upl, n):
    # summary(): mean_col, lpl, upl, n, common_cause = n, special_cause_improvement = 0 (printed to 3 digits).
    spc = xmr(y, "higher_is_better")
    three = lambda x: float(f"{x:.3g}")  # noqa: E731 (the tibble prints 3 significant digits)
    assert (three(spc.mean), three(spc.lcl), three(spc.ucl), spc.n) == (mean, lpl, upl, n)
    assert not any(p.special_cause for p in spc.points)


def test_ptd_spc_summary_rebase_before_the_data_changes_nothing():
    # s2: rebase = as.Date("2020-01-01"), a day before the first point: one group, the same limits as s1.
    assert xmr(RNORM_123, rebase_index=0).ucl == xmr(RNORM_123).ucl


# --- ptd_calculate_assurance_type.R -------------------------------------------------------------------------

ASSURANCE_TESTS = f"{AT}:tests/testthat/test-ptd_calculate_assurance_type.R"


def _limits(lpl, upl):
    return stats.SpcResult("higher_is_better", 12, (lpl + upl) / 2, upl, lpl, 1.0, (), "common_cause")


@pytest.mark.parametrize("direction, polarity, expected", [
    ("increase", "higher_is_better", ["consistent_fail", "consistent_pass", "inconsistent"]),
    ("decrease", "lower_is_better", ["consistent_pass", "consistent_fail", "inconsistent"]),
    ("neutral", "maintain", [None, None, None]),
], ids=[f"{ASSURANCE_TESTS}:{d}" for d in ("increase", "decrease", "neutral")])
def test_ptd_calculate_assurance_type(direction, polarity, expected):
    # lpl c(1, 5, 1), upl c(3, 7, 5), target 4.
    got = [ASSURANCE[assurance(_limits(lo, hi), 4, polarity)] for lo, hi in ((1, 3), (5, 7), (1, 5))]
    assert got == expected


def test_ptd_calculate_assurance_type_without_a_target():
    assert assurance(_limits(1, 3), None, "higher_is_better") is None


def test_ptd_calculate_assurance_type_reads_the_last_group():
    # "... when rebase": the last row's limits decide (decrease): rows (1,3),(5,7),(1,5) in three orders.
    last = {"r1": (1, 5), "r2": (1, 3), "r3": (5, 7)}
    want = {"r1": "inconsistent", "r2": "consistent_pass", "r3": "consistent_fail"}
    for k, (lo, hi) in last.items():
        assert ASSURANCE[assurance(_limits(lo, hi), 4, "lower_is_better")] == want[k]
    # The same through xmr: a rebased series is assured on its latest segment's limits.
    spc = xmr([10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8] + [1, 2, 1, 2, 1, 2], "lower_is_better", 12)
    assert spc.lcl < 4 < spc.ucl and ASSURANCE[assurance(spc, 4, "lower_is_better")] == "inconsistent"


# --- ptd_add_short_group_warnings.R -------------------------------------------------------------------------

@pytest.mark.parametrize("n, rebase, short", [
    (11, None, True),  # "it warns when a group is shorter than the warning_threshold" (threshold 12)
    (12, None, False),  # "it does not warn when a group is equal to the warning_threshold"
    (40, 20, False),  # "facets and rebase groups - no warnings": groups of 20
    (40, 35, True),  # "warning on one facet": a group of 5 after the rebase
], ids=lambda v: str(v))
def test_ptd_add_short_group_warnings(n, rebase, short):
    # test-ptd_add_short_group_warnings.R, with warning_threshold = 12 as those tests pass it.
    values = [10 + (i * 7919) % 13 / 4 for i in range(n)]
    assert xmr(values, "higher_is_better", rebase).trial_limits is short


# --- vignettes ----------------------------------------------------------------------------------------------

DEVIATIONS = f"{AT}:vignettes/deviations.Rmd"
EXCEL_CASE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


@pytest.mark.parametrize("screen, upl, mean, lpl", [(True, 4.6, 1.94, -0.72), (False, 6.95, 1.94, -3.06)],
                         ids=[f"{DEVIATIONS}:R-package-default", f"{DEVIATIONS}:replicate-Making-Data-Count-Excel"])
def test_deviations_vignette_screening(screen, upl, mean, lpl):
    # "1. Treatment of outlying points": the captions give UPL, mean and LPL rounded to 2 places, and the point
    # at 10 is special cause (improvement) while the others are common cause. (The figures' alt text counts
    # "4 ... 1 ... 12" grey and blue points for these 18 values; the charts show the other 17 as common cause.)
    spc = xmr(EXCEL_CASE, "higher_is_better", screen=screen)
    assert (round(spc.ucl, 2), round(spc.mean, 2), round(spc.lcl, 2)) == (upl, mean, lpl)
    assert [point_type(p) for p in spc.points] == (["common_cause"] * 4 + ["special_cause_improvement"]
                                                   + ["common_cause"] * 13)


# NHSRdatasets' ae_attendances, org_code RRK, type 1, breaches, April 2016 to March 2018 (the vignette's
# stable_set); the values as nhs-pycom/nhspy-plotthedots@bfdefe4 ships them in
# nhspy_plotthedots/data/ae_attendances.csv.
RRK_STABLE = [1195, 1843, 1397, 1333, 1771, 1751, 2013, 1759, 2179, 2585, 1654, 1543, 1632, 1558, 1190, 1357, 1279,
              1683, 2190, 1804, 986, 2181, 2048, 2154]


def test_main_vignette_stable_period():
    # vignettes/NHSRplotthedots.Rmd, "Stable period" (improvement_direction = "decrease"): "We can see 8 sequential
    # points coloured in blue. This is triggered by a rule that looks for >=7 points on one side of the mean."
    spc = xmr(RRK_STABLE, "lower_is_better")
    blue = [p.index for p in spc.points if p.kind == "improvement"]
    assert blue == list(range(10, 18))
    assert {special_cause_type(spc.points[i]) for i in blue} == {"7 Points Below CL"}


def test_snapshot_inputs_are_what_r_makes():
    # A guard on the transcription above: the snapshot's first digits.
    assert [round(v, 8) for v in RNORM_123[:4]] == [-0.56047565, -0.23017749, 1.55870831, 0.07050839]
