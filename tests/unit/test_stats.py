"""logframe.stats: CI comparison, recent trend, SPC (XmR) and method support, on hand-computed boundaries."""
from __future__ import annotations

import pytest

from logframe import present
from logframe.present import (
    ASSURANCE_ICON,
    ASSURANCE_LABEL,
    COMPARISON_ICON,
    COMPARISON_LABEL,
    COMPARISON_METHOD_LABEL,
    TREND_METHOD_LABEL,
    VARIATION_ICON,
    VARIATION_LABEL,
)
from logframe.stats import (
    COMPARISON_METHODS,
    COMPARISONS,
    SPC_RULES,
    TREND_METHODS,
    assurance,
    compare_ci,
    method_support,
    recent_trend,
    xmr,
)

# ---------------------------------------------------------------------------------------------------------------
# compare_ci
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, lower, upper, ref, ref_lower, ref_upper, polarity, expected",
    [
        # Fingertips' default: the reference's value against our CI; the reference's own CI plays no part.
        # The reference value on our upper bound (11) is inside: similar.
        (10, 9, 11, 11, 10.5, 11.5, "higher_is_better", "similar"),
        # Just above our upper bound: our value is lower.
        (10, 9, 11, 11.01, None, None, "higher_is_better", "worse"),
        (10, 9, 11, 11.01, None, None, "lower_is_better", "better"),
        (10, 9, 11, 11.01, None, None, "maintain", "lower"),
        (10, 9, 11, 11.01, None, None, "not_applicable", "lower"),
        # Just below our lower bound: our value is higher.
        (10, 9, 11, 8.99, None, None, "higher_is_better", "better"),
        (10, 9, 11, 8.99, None, None, "lower_is_better", "worse"),
        (10, 9, 11, 8.99, None, None, "maintain", "higher"),
        # Intervals that overlap (so 'similar' by CI overlap) but the reference value is outside ours: different.
        # This is the case the old overlap rule called similar (about p < 0.006 rather than 0.05).
        (10, 9, 11, 12, 10.5, 13.5, "higher_is_better", "worse"),
        (14, 13, 15, 12, 11, 13, "lower_is_better", "worse"),
        # Our interval inside the reference's interval, around its value: similar.
        (12, 11.5, 12.5, 12, 11, 13, "higher_is_better", "similar"),
        # Bounds given the wrong way round are put right first.
        (14, 15, 13.1, 12, 13, 11, "higher_is_better", "better"),
    ],
)
def test_compare_ci_value_in_ci(value, lower, upper, ref, ref_lower, ref_upper, polarity, expected):
    assert compare_ci(value, lower, upper, ref, ref_lower, ref_upper, polarity) == expected
    assert compare_ci(value, lower, upper, ref, ref_lower, ref_upper, polarity, method="value_in_ci") == expected


@pytest.mark.parametrize(
    "value, lower, upper, ref, ref_lower, ref_upper, polarity, expected",
    [
        # Touching intervals (upper 11 == ref lower 11) overlap: similar.
        (10, 9, 11, 12, 11, 13, "higher_is_better", "similar"),
        (14, 13, 15, 12, 11, 13, "higher_is_better", "similar"),
        # Just clear of the reference interval, below it.
        (10, 9, 10.9, 12, 11, 13, "higher_is_better", "worse"),
        (10, 9, 10.9, 12, 11, 13, "lower_is_better", "better"),
        (10, 9, 10.9, 12, 11, 13, "maintain", "lower"),
        # Just clear of it, above.
        (14, 13.1, 15, 12, 11, 13, "higher_is_better", "better"),
        (14, 13.1, 15, 12, 11, 13, "lower_is_better", "worse"),
        (14, 13.1, 15, 12, 11, 13, "not_applicable", "higher"),
        # The reference value outside our CI, but the intervals overlap: similar by this method only.
        (10, 9, 11, 12, 10.5, 13.5, "higher_is_better", "similar"),
        # DoubleOverlappingCIsComparer compares nothing without the reference's CI (one bound is not enough).
        (10, 9, 11, 11.5, None, None, "higher_is_better", "not_compared"),
        (10, 9, 11, 11.5, 10.5, None, "higher_is_better", "not_compared"),
    ],
)
def test_compare_ci_overlap(value, lower, upper, ref, ref_lower, ref_upper, polarity, expected):
    assert compare_ci(value, lower, upper, ref, ref_lower, ref_upper, polarity, method="ci_overlap") == expected


@pytest.mark.parametrize(
    "value, lower, upper, ref",
    [
        (10, None, 11, 12),  # our CI missing
        (10, 9, None, 12),
        (10, float("nan"), 11, 12),  # NaN from pandas counts as missing
        (None, 9, 11, 12),
        (10, 9, 11, None),  # no reference at all
    ],
)
@pytest.mark.parametrize("method", ["value_in_ci", "ci_overlap"])
def test_compare_ci_not_compared(value, lower, upper, ref, method):
    assert compare_ci(value, lower, upper, ref, 11, 13, "higher_is_better", method) == "not_compared"


def test_compare_ci_rejects_unknown_polarity_and_method():
    with pytest.raises(ValueError, match="polarity 'up'"):
        compare_ci(10, 9, 11, 12, polarity="up")
    with pytest.raises(ValueError, match="method 'overlap'"):
        compare_ci(10, 9, 11, 12, method="overlap")


def test_every_comparison_method_has_a_label_naming_it():
    assert set(COMPARISON_METHOD_LABEL) == set(COMPARISON_METHODS)
    assert "Fingertips" in COMPARISON_METHOD_LABEL["value_in_ci"]
    assert "overlap" in COMPARISON_METHOD_LABEL["ci_overlap"]


def test_comparison_labels_and_icons_cover_every_result():
    assert set(COMPARISON_LABEL) == set(COMPARISON_ICON) == set(COMPARISONS)
    assert len(set(COMPARISON_ICON.values())) == len(COMPARISON_ICON)  # distinguishable without colour


# ---------------------------------------------------------------------------------------------------------------
# recent_trend
# ---------------------------------------------------------------------------------------------------------------

def with_ci(points, se=0.5):
    """(position, value) -> (position, value, None, None, value - 1.96 se, value + 1.96 se): a 95% CI of width
    3.92 se, which Fingertips turns back into the standard error se (weight 1 / se^2)."""
    return [(x, y, None, None, y - 1.96 * se, y + 1.96 * se) for x, y in points]


RISE = with_ci([(2019.75, 10.0), (2020.75, 11.0), (2021.75, 12.2), (2022.75, 12.9), (2023.75, 14.1)])
FALL = [(p, 30 - v, None, None, 30 - hi, 30 - lo) for p, v, _, _, lo, hi in RISE]
# Centred t = -2..2, y = 10, 11, 9.5, 10.5, 10: slope = (-20 - 11 + 0 + 10.5 + 20) / 10 = -0.05, nowhere near.
NOISE = with_ci([(2019.75, 10.0), (2020.75, 11.0), (2021.75, 9.5), (2022.75, 10.5), (2023.75, 10.0)])


@pytest.mark.parametrize(
    "points, polarity, label, direction, judgement",
    [
        (RISE, "higher_is_better", "Increasing and getting better", "increasing", "getting_better"),
        (RISE, "lower_is_better", "Increasing and getting worse", "increasing", "getting_worse"),
        (RISE, "maintain", "Increasing", "increasing", None),
        (FALL, "higher_is_better", "Decreasing and getting worse", "decreasing", "getting_worse"),
        (FALL, "lower_is_better", "Decreasing and getting better", "decreasing", "getting_better"),
        (FALL, "not_applicable", "Decreasing", "decreasing", None),
        (NOISE, "higher_is_better", "No significant change", "no_significant_change", None),
        # Exactly flat: slope 0, chi-squared 0.
        (with_ci([(y, 5.0) for y in range(2019, 2024)]), "higher_is_better", "No significant change",
         "no_significant_change", None),
        # Only the last five count: a steep early fall followed by five noisy points is no change.
        (with_ci([(2015.75, 40.0), (2016.75, 30.0), (2017.75, 20.0)]) + NOISE, "higher_is_better",
         "No significant change", "no_significant_change", None),
        # Order of input does not matter.
        (list(reversed(RISE)), "higher_is_better", "Increasing and getting better", "increasing", "getting_better"),
    ],
)
def test_recent_trend_labels(points, polarity, label, direction, judgement):
    trend = recent_trend(points, polarity)
    assert (present.trend_label(trend), trend.direction, trend.judgement) == (label, direction, judgement)
    assert trend.method == "ci_weighted" and trend.level == 0.998


def test_recent_trend_ci_weighted_statistic_by_hand():
    # Equal CIs (se 0.5, weight 4): the weighted slope is the ordinary one, 1.01 a unit of time (RISE: centred
    # t = -2..2, y - 12.04 = -2.04, -1.04, 0.16, 0.86, 2.06, sum t(y - mean) = 10.1, over sum t^2 = 10), and
    # its standard error is se / sqrt(10); chi-squared = 1.01^2 x 10 / 0.25 = 40.804 > 9.55.
    trend = recent_trend(RISE, "higher_is_better")
    assert trend.statistic == pytest.approx(40.804)
    assert trend.slope == pytest.approx(1.01)  # descriptive: per year of position
    assert "chi-squared 40.80 on 1 df (99.8% critical value 9.55)" in present.trend_reason(trend)
    assert present.trend_icon(trend) == "↑"


def test_recent_trend_needs_99_8_percent_not_95():
    # The example: 5, 8, 8, 11, 13 out of 100 each year. N = 500, R = 45, p = 0.09, mean t = 3;
    # sum r t - R mean t = 154 - 135 = 19; sum n (t - 3)^2 = 1000; chi-squared = 361 / (0.09 x 0.91 x 1000)
    # = 4.41: past 3.84 (95%), short of 9.55 (99.8%), so no significant change, as on Fingertips.
    points = [(2019 + i, r, r, 100) for i, r in enumerate((5, 8, 8, 11, 13))]
    trend = recent_trend(points, "higher_is_better")
    assert trend.method == "chi_squared_trend"
    assert trend.statistic == pytest.approx(361 / 81.9)
    assert trend.direction == "no_significant_change"


@pytest.mark.parametrize(
    "numerators, chi2, direction",
    [
        # r = 100, 120, 140, 160, 180 of 1000: N = 5000, R = 700, p = 0.14; sum r t - R x 3 = 2300 - 2100 = 200;
        # sum n (t - 3)^2 = 10000; chi-squared = 200^2 / (0.14 x 0.86 x 10000) = 33.22: increasing.
        ((100, 120, 140, 160, 180), 40000 / 1204, "increasing"),
        ((180, 160, 140, 120, 100), 40000 / 1204, "decreasing"),
        # r = 100..140: sum r t - R x 3 = 1900 - 1800 = 100, p = 0.12; 100^2 / (0.12 x 0.88 x 10000) = 9.47,
        # which the old 95% test called increasing; short of 9.55.
        ((100, 110, 120, 130, 140), 10000 / 1056, "no_significant_change"),
    ],
)
def test_recent_trend_chi_squared_on_counts(numerators, chi2, direction):
    points = [(2019 + i, r / 10, r, 1000) for i, r in enumerate(numerators)]
    trend = recent_trend(points, "higher_is_better")
    assert (trend.method, trend.direction) == ("chi_squared_trend", direction)
    assert trend.statistic == pytest.approx(chi2)
    assert TREND_METHOD_LABEL[trend.method] == \
        "Fingertips recent trend: chi-squared test for trend on the counts, 99.8%"


def test_recent_trend_leave_one_out_slopes_must_share_a_sign():
    # 10, 10.5, 10.2, 9.9, then 20: the slope through all five is 1.94 and, with se 0.1, chi-squared is
    # 1.94^2 x 10 / 0.01 = 3763.6; but leaving out the last point the slope of 10, 10.5, 10.2, 9.9 is
    # (-1.5 x 10 - 0.5 x 10.5 + 0.5 x 10.2 + 1.5 x 9.9) / 5 = -0.06. One point makes the trend: no change.
    points = with_ci([(2019 + i, y) for i, y in enumerate((10, 10.5, 10.2, 9.9, 20))], se=0.1)
    trend = recent_trend(points, "higher_is_better")
    assert trend.statistic == pytest.approx(3763.6)
    assert trend.direction == "no_significant_change"
    assert "changes sign when one point is left out" in present.trend_reason(trend)


def test_recent_trend_a_flat_leave_one_out_slope_counts_as_rising():
    # 5, 5, 5, 5, 15: leaving out the last point the slope is exactly 0, which Fingertips counts with the rising
    # slopes (only a slope below 0 votes the other way), so the trend stands. Every CI is (0, 3.92), so each
    # standard error is exactly 1 and the sums are exact (CIs around the values would leave a rounding error of
    # 1e-15 either side of 0, which decides the sign as it would in Fingertips); chi-squared = 2^2 x 10 = 40.
    points = [(2019 + i, y, None, None, 0.0, 3.92) for i, y in enumerate((5, 5, 5, 5, 15))]
    trend = recent_trend(points, "higher_is_better")
    assert (trend.direction, trend.statistic) == ("increasing", pytest.approx(40))
    # Any slope below 0, however small, votes against.
    points[0] = (2019, 5 + 1e-9, None, None, 0.0, 3.92)
    assert recent_trend(points, "higher_is_better").direction == "no_significant_change"


def test_recent_trend_uses_counts_only_for_proportions():
    # The same counts as a rate: Fingertips uses the CI-weighted method (here the CIs are equal, se 0.1).
    points = [(2019 + i, r / 10, r, 1000, r / 10 - 0.196, r / 10 + 0.196) for i, r in enumerate((100, 120, 140,
                                                                                                   160, 180))]
    assert recent_trend(points, "higher_is_better").method == "chi_squared_trend"
    rate = recent_trend(points, "higher_is_better", counts_are_proportions=False)
    # slope 2 per year, se 0.1: chi-squared = 2^2 x 10 / 0.01 = 4000.
    assert (rate.method, rate.direction, rate.statistic) == ("ci_weighted", "increasing", pytest.approx(4000))


def test_recent_trend_without_a_count_uses_the_cis():
    points = [(2019 + i, r / 10, r, 1000, r / 10 - 0.196, r / 10 + 0.196) for i, r in enumerate((100, 120, 140,
                                                                                                   160, 180))]
    points[2] = points[2][:2] + (None, None) + points[2][4:]
    assert recent_trend(points, "higher_is_better").method == "ci_weighted"


@pytest.mark.parametrize(
    "points, kwargs, reason",
    [
        (RISE[:4], {}, "needs 5 points; has 4"),
        ([], {}, "needs 5 points; has 0"),
        # A point whose position is missing cannot be placed, so it does not count.
        (RISE[:4] + [(None, 15.0)], {}, "needs 5 points; has 4"),
        (RISE[:4] + [(2023.75, None)], {}, "1 of the last 5 points has no value"),
        (RISE[:2] + [(2021.75, float("nan"))] + RISE[3:], {}, "1 of the last 5 points has no value"),
        # 2021/22 absent: the step 2020.75 -> 2022.75 is twice the others.
        (RISE[:2] + RISE[3:] + with_ci([(2024.75, 15.0)]), {}, "not consecutive periods"),
        # Fingertips' TrendRequest: multi-year periods, and a count equal to its denominator.
        (RISE, {"year_range": 3}, "only for one-year periods; these are 3-year periods"),
        ([(2019 + i, 100 * r / 5, r, 5) for i, r in enumerate((1, 2, 3, 4, 5))], {},
         "a count equals its denominator"),
        # Log-odds of a count of 0 are undefined (docs/statistics.md: Fingertips' code lets NaN through).
        ([(2019 + i, r, r, 100) for i, r in enumerate((0, 2, 3, 4, 5))], {}, "a count of 0 has no log-odds"),
        # Neither counts nor CIs; CIs but zero width.
        ([(2019 + i, float(i)) for i in range(5)], {}, "needs counts or a 95% confidence interval"),
        ([(2019 + i, float(i)) for i in range(5)], {"counts_are_proportions": False},
         "needs a 95% confidence interval for each"),
        ([(2019 + i, float(i), None, None, float(i), float(i)) for i in range(5)], {}, "zero width"),
    ],
)
def test_recent_trend_cannot_be_calculated(points, kwargs, reason):
    trend = recent_trend(points, "higher_is_better", **kwargs)
    assert trend.direction == "cannot_be_calculated"
    assert present.trend_label(trend) == "Cannot be calculated"
    assert trend.judgement is None and trend.slope is None and trend.method is None
    assert reason in present.trend_reason(trend)


def test_every_trend_method_has_a_label_naming_fingertips_and_the_level():
    assert set(TREND_METHOD_LABEL) == set(TREND_METHODS)
    assert all(label.startswith("Fingertips recent trend: ") and label.endswith("99.8%")
               for label in TREND_METHOD_LABEL.values())


# ---------------------------------------------------------------------------------------------------------------
# SPC: limits
# ---------------------------------------------------------------------------------------------------------------


def test_xmr_limits_by_hand():
    # 10, 12, 11, 13, 12: mean = 58 / 5 = 11.6; moving ranges 2, 1, 2, 1 -> mean MR 1.5 (none above 3.267 x 1.5
    # = 4.9). UCL = 11.6 + 2.66 x 1.5 = 15.59; LCL = 11.6 - 3.99 = 7.61. Five points: trial limits.
    spc = xmr([10, 12, 11, 13, 12], "higher_is_better")
    assert spc.mean == pytest.approx(11.6)
    assert spc.mr_bar == pytest.approx(1.5)
    assert spc.ucl == pytest.approx(15.59)
    assert spc.lcl == pytest.approx(7.61)
    assert spc.sigma == pytest.approx(1.33)  # 2.66 / 3 x 1.5
    assert spc.trial_limits is True
    assert "trial limits" in present.spc_reason(spc)
    assert spc.variation == "common_cause"
    assert spc.excluded_moving_ranges == ()
    assert all(p.ucl == spc.ucl and p.lcl == spc.lcl and p.mean == spc.mean for p in spc.points)


# 12 points, mean 120 / 12 = 10; moving ranges 1,2,1,2,4,2,1,2,1,2,4 -> 22 / 11 = 2 (screen at 6.53: none).
# UCL 10 + 5.32 = 15.32, LCL 4.68; 2 sigma = 2 x 2.66 / 3 x 2 = 3.547 -> 13.547 / 6.453: no point beyond;
# 10s sit on the mean and break every run. No rule fires.
COMMON = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8]


def test_xmr_common_cause_twelve_points_is_not_trial():
    spc = xmr(COMMON, "higher_is_better")
    assert (spc.mean, spc.mr_bar) == (pytest.approx(10), pytest.approx(2))
    assert (spc.ucl, spc.lcl) == (pytest.approx(15.32), pytest.approx(4.68))
    assert spc.trial_limits is False and spc.reason_code == "" and present.spc_reason(spc) == ""
    assert not any(p.special_cause for p in spc.points)
    assert spc.variation == "common_cause"


def test_xmr_screens_one_huge_jump():
    # 10, 12, 10, 12, 40, 42, 40: moving ranges 2, 2, 2, 28, 2, 2 -> mean 38 / 6 = 6.333; 3.267 x 6.333 = 20.69,
    # so the 28 (between index 3 and 4) is excluded and the mean MR recomputed: (2+2+2+2+2) / 5 = 2.
    # mean = 166 / 7 = 23.714; UCL = 23.714 + 5.32 = 29.034; LCL = 18.394.
    spc = xmr([10, 12, 10, 12, 40, 42, 40], "higher_is_better")
    assert spc.excluded_moving_ranges == (4,)
    assert spc.mr_bar == pytest.approx(2)
    assert spc.mean == pytest.approx(166 / 7)
    assert spc.ucl == pytest.approx(166 / 7 + 5.32)
    assert spc.lcl == pytest.approx(166 / 7 - 5.32)


def test_xmr_no_screening_when_ranges_are_even():
    spc = xmr([10, 12, 10, 12, 10, 12], "higher_is_better")
    assert spc.excluded_moving_ranges == () and spc.mr_bar == pytest.approx(2)


# ---------------------------------------------------------------------------------------------------------------
# SPC: one rule each
# ---------------------------------------------------------------------------------------------------------------

# Outside the limits: COMMON with the last point 30.
# Moving ranges 1,2,1,2,4,2,1,2,1,2,18: mean 36 / 11 = 3.273; 3.267 x 3.273 = 10.69, so the 18 is screened out
# and mean MR = 18 / 10 = 1.8. Mean = 142 / 12 = 11.833; UCL = 11.833 + 4.788 = 16.621; LCL = 7.045.
# 2 sigma = 3.192 -> 15.025 / 8.641: only the 8 at index 5 is beyond it (low), alone in every window of 3.
# Longest run below the mean: indices 5-9 (5 points). Only index 11 breaks a rule.
OUTSIDE = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 30]

# Trend: mean 140 / 14 = 10; moving ranges 3,6,3,3,6,1,.5,.5,1,1,.5,.5,2 -> 28 / 13 = 2.154 (screen 7.04: none).
# UCL 15.729, LCL 4.271; 2 sigma 3.819 -> 13.819 / 6.181: 13 and 7 stay inside. Runs below the mean are at most 4
# (7, 8, 8.5, 9). Indices 5-12 (7, 8, 8.5, 9, 10, 11, 11.5, 12) rise 7 times: 8 points in the trend.
TREND = [10, 13, 7, 10, 13, 7, 8, 8.5, 9, 10, 11, 11.5, 12, 10]

# Two of three: mean 146 / 14 = 10.429; moving ranges 1,2,1,4,3,3,4,1,1,2,1,2,1 -> 26 / 13 = 2.
# UCL 15.749, LCL 5.109; 2 sigma = 3.547 -> 13.975 / 6.882. The 14s at indices 4 and 6 are beyond 13.975 and
# share the window 4-6; no other point is. Flagged: indices 4 and 6 only (11 between them is not).
TWO_OF_THREE = [10, 11, 9, 10, 14, 11, 14, 10, 9, 10, 8, 9, 11, 10]

# Shift: mean 160 / 15 = 10.667; moving ranges 1,2,1,1,2,1,1,1,1,1,1,1,2,1 -> 17 / 14 = 1.214.
# UCL 13.897, LCL 7.437; 2 sigma 2.153 -> 12.82 / 8.513: the 12s stay inside. Indices 5-12 (11,12,11,12,...)
# are all above 10.667: 8 points. No 7-point rise or fall.
SHIFT = [10, 9, 11, 10, 9, 11, 12, 11, 12, 11, 12, 11, 12, 10, 9]


@pytest.mark.parametrize(
    "values, rule, flagged, mean, mr_bar",
    [
        (OUTSIDE, "outside_limits", [11], 142 / 12, 1.8),
        (TREND, "trend", list(range(5, 13)), 10, 28 / 13),
        (TWO_OF_THREE, "two_of_three", [4, 6], 146 / 14, 2),
        (SHIFT, "shift", list(range(5, 13)), 160 / 15, 17 / 14),
    ],
)
def test_xmr_series_trips_exactly_one_rule(values, rule, flagged, mean, mr_bar):
    spc = xmr(values, "higher_is_better")
    assert spc.mean == pytest.approx(mean)
    assert spc.mr_bar == pytest.approx(mr_bar)
    assert [p.index for p in spc.points if p.special_cause] == flagged
    assert {r for p in spc.points for r in p.rules} == {rule}


@pytest.mark.parametrize(
    "values",
    [
        # A 6-point rise (8..13) is not a trend: MDC counts 7 points.
        [10, 12, 9, 11, 10, 8, 9, 10, 11, 12, 13, 11, 10],
        # A tie (10, 10) ends the run: 7, 8, 9, 10 then 10, 11, 12, 13 are two runs of 4.
        [10, 12, 9, 11, 10, 7, 8, 9, 10, 10, 11, 12, 13, 11],
        # 6 points above the mean (indices 6-11, mean 10.467) is not a shift.
        [10, 9, 11, 10, 9, 10, 12, 11, 12, 11, 12, 11, 10, 9, 10],
        # A point exactly on the mean (10.5 = 168 / 16) splits 7 points above into 3 + 3.
        [10, 9, 11, 10, 9, 10, 12, 11, 12, 10.5, 12, 11, 12, 10, 9, 9.5],
        # Beyond 2 sigma on opposite sides in one window (14 > 13.683 at 4, 6 < 6.317 at 6; mean 10, MR 27/13).
        [10, 11, 9, 10, 14, 10, 6, 10, 11, 10, 9, 10, 11, 9],
    ],
)
def test_xmr_near_misses_fire_no_rule(values):
    assert not any(p.special_cause for p in xmr(values, "higher_is_better").points)


def test_xmr_seven_points_make_a_trend():
    # The 6-point rise above with one more point (7 at index 5): 7..13 is 7 points.
    spc = xmr([10, 12, 9, 11, 10, 7, 8, 9, 10, 11, 12, 13, 11, 10], "higher_is_better")
    assert [p.index for p in spc.points if p.special_cause] == list(range(5, 12))
    assert all(p.rules == ("trend",) for p in spc.points if p.special_cause)


def test_xmr_seven_points_make_a_shift():
    # The 6-above series with one more 12 (index 12): indices 6-12 above the mean 10.5625.
    spc = xmr([10, 9, 11, 10, 9, 10, 12, 11, 12, 11, 12, 11, 12, 10, 9, 10], "higher_is_better")
    assert [p.index for p in spc.points if p.special_cause] == list(range(6, 13))
    assert all(p.rules == ("shift",) for p in spc.points if p.special_cause)


def test_xmr_rules_listed_in_order_and_kind_follows_the_first():
    # 1..13: mean 7, MR 1, limits 4.34 / 9.66. Index 0 (value 1) is outside low and in the rising trend; its
    # side comes from the first rule (outside_limits, low), so for higher_is_better it is a concern. Points
    # outside the limits do not count towards 2 of 3 (NHSRplotthedots), and only 5 and 9 lie between two sigma
    # (5.227 / 8.773) and the limits, each alone in its windows: no 2 of 3 anywhere.
    spc = xmr(list(range(1, 14)), "higher_is_better")
    first, last = spc.points[0], spc.points[-1]
    assert first.rules == ("outside_limits", "trend")
    assert not any("two_of_three" in p.rules for p in spc.points)
    assert (first.side, first.kind) == ("low", "concern")
    assert (last.side, last.kind) == ("high", "improvement")
    assert list(SPC_RULES) == ["outside_limits", "trend", "two_of_three", "shift"]


QUIET = [10, 10.5] * 4  # moving ranges of 0.5 keep two sigma close to the mean


def test_xmr_two_of_three_needs_all_three_points_on_one_side():
    # Two 12.2s two apart, beyond two sigma (mean 10.478, two sigma above it 11.653, UCL 12.653) and inside the
    # limits, with 10.2 between them, below the mean: the textbook rule flags both 12.2s; NHSRplotthedots wants
    # all three points of the window on one side, so nothing is flagged.
    values = QUIET + [12.2, 10.2, 12.2, 10.5] + QUIET[:6]
    spc = xmr(values, "higher_is_better")
    assert (spc.mean, spc.ucl) == (pytest.approx(188.6 / 18), pytest.approx(12.652719, abs=1e-6))
    assert not any(p.special_cause for p in spc.points)
    # With 10.6 between them (mean 10.5, so above it) the two 12.2s are flagged, the 10.6 is not.
    values[9] = 10.6
    spc = xmr(values, "higher_is_better")
    assert [(p.index, p.rules) for p in spc.points if p.special_cause] == [(8, ("two_of_three",)),
                                                                           (10, ("two_of_three",))]


def test_xmr_a_point_outside_the_limits_does_not_count_towards_two_of_three():
    # ...10.5, 12.2, 14: 14 is above the UCL (12.288) and 12.2 lies between two sigma (11.713) and the UCL.
    # The textbook rule counts both as beyond two sigma and flags 12.2; NHSRplotthedots counts only points inside
    # the limits, so 12.2 is common cause.
    spc = xmr(QUIET * 2 + [12.2, 14], "higher_is_better")
    assert spc.points[-1].rules == ("outside_limits",)
    assert not spc.points[-2].special_cause


def test_xmr_trend_direction_is_read_as_nhsrplotthedots_reads_it():
    # A rise of 7 (indices 4-10) then a fall of 7 (10-16) sharing the peak at index 10, inside the limits
    # (-3.21 to 12.16): NHSRplotthedots takes the step to the next point when both points are in a trend, so the
    # peak reads as decreasing (a concern when higher is better).
    values = [3, 9, 3, 9, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 9, 3]
    points = xmr(values, "higher_is_better").points
    assert [p.index for p in points if p.special_cause] == list(range(4, 17))
    assert [p.side for p in points if p.special_cause] == ["high"] * 6 + ["low"] * 7
    assert points[10].kind == "concern"


# ---------------------------------------------------------------------------------------------------------------
# SPC: screening, and figures that do not vary
# ---------------------------------------------------------------------------------------------------------------


def test_xmr_without_screening_as_the_making_data_count_spreadsheet():
    # 10, 12, 10, 12, 40, 42, 40 unscreened: mean MR 38 / 6 = 6.333, UCL = 166 / 7 + 2.66 x 6.333 = 40.561.
    spc = xmr([10, 12, 10, 12, 40, 42, 40], "higher_is_better", screen=False)
    assert spc.excluded_moving_ranges == () and spc.screened is False
    assert spc.mr_bar == pytest.approx(38 / 6)
    assert spc.ucl == pytest.approx(166 / 7 + 2.66 * 38 / 6)
    assert xmr([10, 12, 10, 12, 40, 42, 40], "higher_is_better").screened is True


def test_xmr_gives_no_limits_when_every_value_is_the_same():
    spc = xmr([5] * 12, "higher_is_better", target=4)
    assert (spc.ucl, spc.lcl, spc.mr_bar, spc.assurance) == (None, None, 0.0, None)
    assert spc.variation == "no_limits" and "every value is the same" in present.spc_reason(spc)
    assert not any(p.special_cause for p in spc.points)


def test_xmr_gives_no_limits_when_screening_leaves_only_zero_ranges():
    # Eleven 5s and a 6: moving ranges ten 0s and two 1s, mean 2 / 11 = 0.18; 3.267 x 0.18 = 0.59, so both 1s are
    # screened out and the mean moving range is 0. NHSRplotthedots draws limits of zero width there and calls
    # every point special cause; we draw none and say why (docs/statistics.md).
    values = [5] * 5 + [6] + [5] * 6
    spc = xmr(values, "lower_is_better")
    assert (spc.ucl, spc.lcl, spc.mr_bar) == (None, None, 0.0)
    assert spc.excluded_moving_ranges == (5, 6)
    assert spc.variation == "no_limits" and "every moving range left after screening is zero" in present.spc_reason(spc)
    assert not any(p.special_cause for p in spc.points)
    # Unscreened, the two 1s stay: mean MR 2 / 11, limits 5.0833 +/- 0.4836, and the 6 is outside.
    plain = xmr(values, "lower_is_better", screen=False)
    assert plain.ucl == pytest.approx(61 / 12 + 2.66 * 2 / 11)
    assert [p.index for p in plain.points if p.special_cause] == [5]
    assert plain.variation == "common_cause"


def test_xmr_rebase_index_may_be_given_by_position():
    assert xmr(COMMON, "higher_is_better", 6).rebase_index == 6


# ---------------------------------------------------------------------------------------------------------------
# SPC: improvement or concern by polarity; variation of the latest point
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, polarity, kind, variation",
    [
        # OUTSIDE: the latest point is high and outside the limits.
        (OUTSIDE, "higher_is_better", "improvement", "special_cause_improvement"),
        (OUTSIDE, "lower_is_better", "concern", "special_cause_concern"),
        (OUTSIDE, "maintain", "neither", "special_cause_neither"),
        (OUTSIDE, "not_applicable", "neither", "special_cause_neither"),
        # The mirror image (60 - x): the latest point is low and outside.
        ([60 - v for v in OUTSIDE], "higher_is_better", "concern", "special_cause_concern"),
        ([60 - v for v in OUTSIDE], "lower_is_better", "improvement", "special_cause_improvement"),
    ],
)
def test_xmr_improvement_or_concern_by_polarity(values, polarity, kind, variation):
    spc = xmr(values, polarity)
    assert spc.points[-1].kind == kind
    assert spc.variation == variation


@pytest.mark.parametrize("polarity, kind", [("higher_is_better", "improvement"), ("lower_is_better", "concern")])
def test_xmr_shift_and_trend_points_take_their_side(polarity, kind):
    # SHIFT is above the mean and TREND rises: both are 'high'.
    for values in (SHIFT, TREND):
        special = [p for p in xmr(values, polarity).points if p.special_cause]
        assert {(p.side, p.kind) for p in special} == {("high", kind)}


def test_xmr_common_cause_when_latest_point_is_ordinary():
    # TREND has special-cause points, but its latest point (index 13) is not one.
    assert xmr(TREND, "higher_is_better").variation == "common_cause"


# ---------------------------------------------------------------------------------------------------------------
# SPC: assurance
# ---------------------------------------------------------------------------------------------------------------

HAND = [10, 12, 11, 13, 12]  # LCL 7.61, UCL 15.59 (see test_xmr_limits_by_hand)


@pytest.mark.parametrize(
    "target, polarity, comparator, expected",
    [
        (5, "higher_is_better", None, "consistently_passing"),  # both limits above the target
        (7.6, "higher_is_better", None, "consistently_passing"),  # just below the LCL
        ("lcl", "higher_is_better", None, "hit_and_miss"),  # exactly on a limit counts as between (documented)
        (12, "higher_is_better", None, "hit_and_miss"),
        ("ucl", "higher_is_better", None, "hit_and_miss"),
        (15.6, "higher_is_better", None, "consistently_failing"),  # just above the UCL
        (5, "lower_is_better", None, "consistently_failing"),
        ("lcl", "lower_is_better", None, "hit_and_miss"),
        ("ucl", "lower_is_better", None, "hit_and_miss"),
        (15.6, "lower_is_better", None, "consistently_passing"),
        # A directional comparator decides the passing side, whatever the polarity.
        (5, "maintain", "at_least", "consistently_passing"),
        (5, "maintain", "above", "consistently_passing"),
        (5, "higher_is_better", "no_more_than", "consistently_failing"),
        (20, "not_applicable", "below", "consistently_passing"),
        # No passing side, or no target: no assurance.
        (12, "maintain", None, None),
        (12, "not_applicable", "equal", None),
        (None, "higher_is_better", None, None),
    ],
)
def test_assurance_boundaries(target, polarity, comparator, expected):
    spc = xmr(HAND, polarity)
    target = {"lcl": spc.lcl, "ucl": spc.ucl}.get(target, target)
    assert assurance(spc, target, polarity, comparator) == expected


def test_xmr_sets_assurance_for_its_target_and_assurance_works_for_a_milestone():
    spc = xmr(HAND, "higher_is_better", target=20, comparator="at_least")
    assert spc.assurance == "consistently_failing" and spc.target == 20
    assert assurance(spc, 12, "higher_is_better") == "hit_and_miss"  # e.g. this year's milestone
    assert xmr(HAND, "higher_is_better").assurance is None


# ---------------------------------------------------------------------------------------------------------------
# SPC: rebase, too few points, missing values
# ---------------------------------------------------------------------------------------------------------------


def test_xmr_rebase_gives_each_segment_its_own_limits():
    # Before: 10, 11, 9, 10, 12, 8 -> mean 10, MRs 1,2,1,2,4 -> 2, limits 15.32 / 4.68.
    # After: the same shape at 20 -> mean 20, MR 2, limits 25.32 / 14.68. The jump 8 -> 20 is in neither.
    values = [10, 11, 9, 10, 12, 8, 20, 21, 19, 20, 22, 18]
    spc = xmr(values, "higher_is_better", rebase_index=6)
    assert spc.rebase_index == 6
    assert (spc.mean, spc.ucl, spc.lcl) == (pytest.approx(20), pytest.approx(25.32), pytest.approx(14.68))
    before, after = spc.points[0], spc.points[6]
    assert (before.segment, before.mean, before.ucl) == (0, pytest.approx(10), pytest.approx(15.32))
    assert (after.segment, after.mean, after.lcl) == (1, pytest.approx(20), pytest.approx(14.68))
    assert spc.trial_limits is True  # 6 points since the rebase
    assert "since the rebase" in present.spc_reason(spc)
    assert not any(p.special_cause for p in spc.points)
    # Without the rebase the step is special cause (the first 6 points sit far below the mean of 15).
    assert any(p.special_cause for p in xmr(values, "higher_is_better").points)


@pytest.mark.parametrize("rebase_index", [None, 0, 12, 99])
def test_xmr_rebase_outside_the_series_is_ignored(rebase_index):
    spc = xmr(COMMON, "higher_is_better", rebase_index=rebase_index)
    assert spc.rebase_index is None and spc.mean == pytest.approx(10)
    assert {p.segment for p in spc.points} == {0}


def test_xmr_rebase_at_the_last_point_is_insufficient():
    spc = xmr(COMMON, "higher_is_better", rebase_index=11)
    assert spc.variation == "insufficient" and spc.ucl is None
    assert spc.points[0].ucl == pytest.approx(xmr(COMMON[:11]).ucl)


@pytest.mark.parametrize("values, n", [([], 0), ([7.5], 1), ([7.5, None], 1), ([None], 0)])
def test_xmr_fewer_than_two_points_is_insufficient_not_an_error(values, n):
    spc = xmr(values, "higher_is_better", target=5)
    assert spc.variation == "insufficient"
    assert spc.n == n
    assert (spc.ucl, spc.lcl, spc.mr_bar, spc.assurance) == (None, None, None, None)
    assert f"this series has {n}" in present.spc_reason(spc)


def test_xmr_drops_missing_values_and_keeps_positions():
    spc = xmr([10, None, 12, 11, 13, 12], positions=["2019", "2020", "2021", "2022", "2023", "2024"])
    # Same points as HAND once the gap is dropped.
    assert spc.n == 5 and spc.mean == pytest.approx(11.6) and spc.mr_bar == pytest.approx(1.5)
    assert [p.position for p in spc.points] == ["2019", "2021", "2022", "2023", "2024"]
    assert [p.index for p in spc.points] == [0, 2, 3, 4, 5]
    assert "1 missing value left out" in present.spc_notes(spc)


def test_xmr_positions_must_match_values():
    with pytest.raises(ValueError, match="positions has 2 items; values has 3"):
        xmr([1, 2, 3], positions=["a", "b"])


def test_spc_labels_and_icons_are_text_not_colour():
    for labels, icons in ((VARIATION_LABEL, VARIATION_ICON), (ASSURANCE_LABEL, ASSURANCE_ICON)):
        assert set(labels) == set(icons)
        assert all(isinstance(v, str) and v.strip() for v in (*labels.values(), *icons.values()))
        assert len(set(icons.values())) == len(icons)


# ---------------------------------------------------------------------------------------------------------------
# method_support
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, has_ci, spc, trend, comparison",
    [
        (3, False, False, False, False),
        (4, True, False, False, True),
        (5, True, False, True, True),
        (11, False, False, True, False),
        (12, True, True, True, True),
    ],
)
def test_method_support(n, has_ci, spc, trend, comparison):
    rows = method_support(n, has_ci, "financial_year")
    expected = [("SPC", spc), ("Recent trend", trend), ("Comparison with England", comparison)]
    assert [(m.method, m.applies) for m in rows] == expected


def test_method_support_reasons_say_why():
    rows = {m.method: present.method_support_reason(m) for m in method_support(3, False, "financial_year")}
    assert rows["SPC"] == "SPC needs at least 12 points; this series has 3 annual points"
    assert rows["Recent trend"] == "recent trend needs 5 points; this series has 3 annual points"
    assert "confidence intervals" in rows["Comparison with England"]
    assert "overlap" in present.method_support_reason(method_support(15, True, "year_range")[0])


def test_polarity_is_checked_everywhere():
    for call in (lambda: recent_trend(RISE, "up"), lambda: xmr(COMMON, "up"), lambda: assurance(xmr(HAND), 1, "up")):
        with pytest.raises(ValueError, match="not one of"):
            call()


# ---------------------------------------------------------------------------------------------------------------
# wilson_ci
# ---------------------------------------------------------------------------------------------------------------

def test_wilson_ci_of_the_published_reablement_counts():
    # ASCOF 2B(1), Kent 2020/21: 721 of 831 still at home (86.8% as published); hand-computed Wilson limits.
    from logframe.stats import wilson_ci
    lo, hi = wilson_ci(721, 831)
    assert lo == pytest.approx(84.2887, abs=1e-4) and hi == pytest.approx(88.8988, abs=1e-4)
    assert lo < 721 / 831 * 100 < hi


@pytest.mark.parametrize("numerator, denominator", [(5, 0), (-1, 10), (11, 10), (None, 10)])
def test_wilson_ci_needs_a_proportion(numerator, denominator):
    from logframe.stats import wilson_ci
    assert wilson_ci(numerator, denominator) is None


def test_wilson_ci_stays_inside_0_to_100_at_the_edges():
    from logframe.stats import wilson_ci
    assert wilson_ci(0, 10)[0] == 0 and wilson_ci(10, 10)[1] == pytest.approx(100)
