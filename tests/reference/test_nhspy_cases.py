"""xmr against nhspy-plotthedots' unit tests (the NHS Python Community's port of NHSRplotthedots).

Source: github.com/nhs-pycom/nhspy-plotthedots at bfdefe4ae0baca24b71dcd997e3d5ab7ce9f07e0, tests/unittests/.
Each test names the file and test method it ports. Where nhspy's expected output departs from NHSRplotthedots
(its seven_point_one_side_mean drops NHSRplotthedots' '!= 0' condition) we follow NHSRplotthedots and say so in
the test; cases that only exercise list-length mismatches, and pandas_spc_x_calc with fix_after_n_points below
the series length (which we do not offer), are not ported (docs/statistics.md).
"""
from __future__ import annotations

import math

import pytest

from logframe.stats import (
    NEAR_LIMIT_FACTOR,
    _part_of_run,
    _shift_ends,
    _special_causes,
    _trend_ends,
    _two_in_three,
    xmr,
)

AT = "nhs-pycom/nhspy-plotthedots@bfdefe4:tests/unittests"

# --- test_limits_calculations.py: (mean, lpl, upl, nlpl, nupl) -------------------------------------------------


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333)),
    ([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], (5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333)),
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], (2.7, 0.040000000000000036, 5.36, 0.9266666666666667, 4.473333333333334)),
    ([1, 2, 3], (2.0, -0.6600000000000001, 4.66, 0.22666666666666657, 3.7733333333333334)),
    (list(range(20)), (9.5, 6.84, 12.16, 7.726666666666667, 11.273333333333333)),
    ([3, 1, 4, 1, 5, 9, 2], (3.5714285714285716, -6.625238095238096, 13.768095238095238, -3.2263492063492065,
                             10.36920634920635)),
    ([1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2], (3.0, -0.014666666666666828, 6.014666666666667,
                                                        0.9902222222222221, 5.009777777777778)),
    ([-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2], (-3.0, -6.014666666666667,
                                                                        0.014666666666666828, -5.009777777777778,
                                                                        -0.9902222222222221)),
], ids=[f"{AT}/test_limits_calculations.py:{n}" for n in (
    "test_increasing_trend", "test_decreasing_trend", "test_no_trend", "test_small_input", "test_large_input",
    "test_exact_seven_input", "test_mixed_input", "test_negative_input")])
def test_limits_calculations(values, expected):
    spc = xmr(values)
    near = NEAR_LIMIT_FACTOR * spc.mr_bar
    got = (spc.mean, spc.lcl, spc.ucl, spc.mean - near, spc.mean + near)
    # nhspy writes two sigma as 2.66 * 2 / 3 and NHSRplotthedots (and we) as 2 * (2.66 / 3): a rounding apart.
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_limits_calculations_null_input():
    # test_null_input: no values, no limits.
    spc = xmr([])
    assert (spc.mean, spc.ucl, spc.lcl) == (None, None, None)


# --- test_pandas_spc_x_calc.py ------------------------------------------------------------------------------


@pytest.mark.parametrize("values, mean, lpl, upl, outside, rtm, special", [
    # test_sample2: fix_after_n_points = 11 with 5 values, so every value counts.
    ([16.0, 9.0, 4.0, 2.0, 1.0], 6.4, -3.575000000000001, 16.375, [False] * 5, [1, 1, -1, -1, -1], [False] * 5),
    # test_sample3
    ([1, 6, 1, 8, 0, 3], 3.1666666666666665, -11.729333333333333, 18.062666666666665, [False] * 6,
     [-1, 1, -1, 1, -1, -1], [False] * 6),
], ids=[f"{AT}/test_pandas_spc_x_calc.py:{n}" for n in ("test_sample2", "test_sample3")])
def test_pandas_spc_x_calc(values, mean, lpl, upl, outside, rtm, special):
    spc = xmr(values)
    assert (spc.mean, spc.lcl, spc.ucl) == (pytest.approx(mean, rel=1e-15), pytest.approx(lpl, rel=1e-15),
                                            pytest.approx(upl, rel=1e-15))
    assert ["outside_limits" in p.rules for p in spc.points] == outside
    assert [(p.value > spc.mean) - (p.value < spc.mean) for p in spc.points] == rtm
    assert [p.special_cause for p in spc.points] == special


def test_pandas_spc_x_calc_nan():
    # test_nan: a single missing value: no limits, nothing special.
    spc = xmr([math.nan])
    assert spc.ucl is None and spc.lcl is None and not spc.points


def test_pandas_spc_x_calc_special_cause_is_where_we_differ():
    # test_special_cause: 1, 1, 1, 1, 2. Screening removes the one moving range of 1 (>= 3.267 x 0.25), the mean
    # moving range is 0, and nhspy (like NHSRplotthedots) gives limits of zero width, 1.2 and 1.2, with every
    # point outside them and special cause. We give no limits and say why (docs/statistics.md).
    spc = xmr([1, 1, 1, 1, 2])
    assert spc.mean == pytest.approx(1.2)
    assert (spc.ucl, spc.lcl, spc.variation) == (None, None, "no_limits")
    assert not any(p.special_cause for p in spc.points)


# --- rule helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0, -1, -1, -1, -1]),
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], [0] * 10),
    ([1, 2, 3], [0, 0, 0]),
    (list(range(20)), [0] * 6 + [1] * 14),
    ([1] * 7, [0] * 7),
    ([], []),
    ([1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2], [0] * 10 + [1] + [0] * 5),
    ([-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2], [0] * 10 + [-1] + [0] * 5),
], ids=[f"{AT}/test_seven_point_trend.py:{n}" for n in (
    "test_increasing_trend", "test_decreasing_trend", "test_no_trend", "test_small_input", "test_large_input",
    "test_exact_seven_input", "test_null_input", "test_mixed_input", "test_negative_input")])
def test_seven_point_trend(values, expected):
    assert _trend_ends(values) == expected


@pytest.mark.parametrize("values, expected", [
    ([0, 1, 2, 3], [True, True, False, False]),
    (list(range(20)), [True, True] + [False] * 18),
    ([1] * 7, [True] * 7),
    ([-1] * 7, [True] * 7),
    ([], []),
    ([-2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [True, True, True] + [False] * 9),
    ([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -2], [False] * 3 + [True] * 7 + [False] * 2),
    ([-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2], [True] * 5 + [False] * 3 + [True] * 7
     + [False]),
    ([1] * 7, [True] * 7),
    ([-1] * 7, [True] * 7),
    (list(range(2, 12, 2)), [False] * 5),
    ([0, 1, 6, 9, 10, 9, 6, 1, 0], [True] * 8 + [False]),
], ids=[f"{AT}/test_part_of_seven_trend.py:{n}" for n in (
    "test_small_input", "test_large_input", "test_exact_seven_input_pos", "test_exact_seven_input_neg",
    "test_null_input", "test_mixed_input_asc", "test_mixed_input_des", "test_negative_input", "test_perfect_pos",
    "test_perfect_neg", "test_no_one", "test_parabola")])
def test_part_of_seven_trend(values, expected):
    # Most inputs here are not trend markers (-1, 0, 1) but arbitrary numbers: like NHSRplotthedots'
    # ptd_part_of_seven_trend, only entries equal to +/-1 end a run.
    assert _part_of_run(values) == expected


@pytest.mark.parametrize("side, expected", [
    ([1] * 7, [False] * 6 + [True]),
    ([-1] * 7, [False] * 6 + [True]),
    ([-1, 0, 1, 0, -1, 0, 1], [False] * 7),
    ([1, 0, -1], [False] * 3),
    ([1] * 10 + [-1] * 10, [False] * 6 + [True] * 4 + [False] * 6 + [True] * 4),
    (list(range(-10, 10)), [False] * 20),
    ([], []),
], ids=[f"{AT}/test_seven_point_one_side_mean.py:{n}" for n in (
    "test_above", "test_below", "test_equal", "test_small_input", "test_large_input", "test_invalid", "test_null")])
def test_seven_point_one_side_mean(side, expected):
    assert _shift_ends(side) == [int(e) for e in expected]


def test_seven_point_one_side_mean_zero_follows_nhsrplotthedots():
    # test_seven_point_one_side_mean.py:test_zero expects seven points on the mean to be [True] * 7: nhspy has
    # commented out NHSRplotthedots' '& vp[[i]] != 0'. NHSRplotthedots 0.2.2 (R/ptd_calculate_point_type.R) keeps
    # it: points on the mean make no run.
    assert _shift_ends([0] * 7) == [0] * 7


LARGE_RTM = [
    -1, -1, -1, -1, -1, 0, -1, -1, 1, -1, 0, -1, -1, 0, 0, -1, 0, 1, -1, 1, -1, -1, 1, 0, -1, 1, 1,
    0, -1, -1, 0, -1, 0, 0, -1, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 1, -1, 0, 1, 0, 0, 1, 1,
    1, -1, -1, 1, -1, 0, 1, -1, 1, 1, 0, -1, 1, 0, 0, 1, 0, 1, 1, 1, -1, 1, 1, 0, 1, 1, 1,
]


@pytest.mark.parametrize("close, rtm, expected", [
    ([True] * 81, LARGE_RTM, [True] * 5 + [False] * 47 + [True] * 3 + [False] * 16 + [True] * 3 + [False] * 4
     + [True] * 3),
    ([True] * 3, [-1, -1, -1], [True] * 3),
    ([True] * 3, [1, -1, 1], [False] * 3),
    ([False] * 3, [1] * 3, [False] * 3),
    ([], [], []),
], ids=[f"{AT}/test_two_in_three.py:{n}" for n in (
    "test_large", "test_negative", "test_relative_to_mean", "test_close_to_limits", "test_null_input")])
def test_two_in_three(close, rtm, expected):
    assert _two_in_three(close, rtm) == expected


# --- test_special_cause_flag.py: (values, outside_limits, close_to_limits, relative_to_mean) -------------------


def _flags(values, outside, close, rtm):
    """special_cause_flag's composition, through our helpers (as _segment_rules composes them)."""
    trend = _part_of_run(_trend_ends(values))
    two = [c and t for c, t in zip(close, _two_in_three(close, rtm))]
    shift = _part_of_run(_shift_ends(rtm))
    return [bool(h) for h in _special_causes(values, rtm, outside, trend, two, shift)]


@pytest.mark.parametrize("values, outside, close, rtm, expected", [
    ([0, 0, 0], [True] * 3, [False] * 3, [0, 0, 0], [True] * 3),
    ([0] * 7, [False] * 7, [False] * 7, [1] * 7, [True] * 7),
    ([0] * 3, [False] * 3, [True] * 3, [1, 1, 1], [True] * 3),
], ids=[f"{AT}/test_special_cause_flag.py:{n}" for n in (
    "test_outside_limits", "test_sevent_point_mean", "test_part_of_three")])
def test_special_cause_flag(values, outside, close, rtm, expected):
    assert _flags(values, outside, close, rtm) == expected


def test_special_cause_flag_values_follows_nhsrplotthedots():
    # test_special_cause_flag.py:test_values expects seven equal values on the mean (relative_to_mean 0) to be
    # special cause, through nhspy's one-side-of-the-mean run without '!= 0'. In NHSRplotthedots 0.2.2 points on
    # the mean make no run and equal values make no trend, so none is special cause.
    assert _flags([1] * 7, [False] * 7, [False] * 7, [0] * 7) == [False] * 7
