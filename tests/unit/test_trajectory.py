from __future__ import annotations

import pytest

from logframe import present
from logframe.periods import parse_period
from logframe.registry import Indicator
from logframe.trajectory import (
    assess,
    indicator_milestone,
    is_better,
    meets_target,
    milestone,
    projected_value,
    rate_achieved,
    rate_needed,
    status,
    target_met_position,
)

FY2020, FY2024, FY2028 = (parse_period(p).position for p in ("2020/21", "2024/25", "2028/29"))


def make_indicator(**overrides) -> Indicator:
    """Loneliness (often or always): 7.3% in 2020/21 down to no more than 5% by 2028/29, unless overridden."""
    fields = dict(
        id="loneliness", title="Loneliness (often or always)", statement="I have people I can rely on",
        shared_outcome="SO1", directorates=("Public Health",), unit="percent", polarity="lower_is_better",
        baseline_value=7.3, baseline_period="2020/21", target_value=5.0, target_comparator="no_more_than",
        target_period="2028/29", target_as_printed="Reduce to 5% by 2028/29", geography="E54000032",
        data_source="Active Lives Survey", definition="", assumptions="", source_location="seed:1",
    )
    fields.update(overrides)
    return Indicator(**fields)


def healthy_weight(**overrides) -> Indicator:
    """Year 6 healthy weight: maintain at 63%."""
    return make_indicator(**{
        "id": "year6_healthy_weight", "title": "Year 6 children of healthy weight", "polarity": "maintain",
        "baseline_value": 63.0, "baseline_period": "2022/23", "target_value": 63.0, "target_comparator": "equal",
        "target_period": "2028/29", "target_as_printed": "Maintain at 63%", **overrides})


# --- milestone ------------------------------------------------------------------------------------------------

def test_loneliness_milestone_2024_25_is_6_15():
    assert milestone(7.3, FY2020, 5.0, FY2028, FY2024) == pytest.approx(6.15)
    assert indicator_milestone(make_indicator(), "2024/25") == pytest.approx(6.15)


@pytest.mark.parametrize(
    "period, expected",
    [
        ("2018/19", 7.3),  # before the baseline period: the baseline
        ("2020/21", 7.3),  # at the baseline period: the baseline
        ("2020/21 Q1", 7.3),  # a quarter whose midpoint is before the baseline year's midpoint: still the baseline
        ("2021/22", 7.3 - 2.3 / 8),  # one year along an eight-year line
        ("2024/25", 6.15),
        ("2024", 7.3 - 2.3 * (2024.5 - 2020.75) / 8),  # a calendar year on the same axis
        ("2028/29", 5.0),  # at the target period: the target
        ("2030/31", 5.0),  # after the target period: the target
    ],
)
def test_indicator_milestone_along_the_line(period, expected):
    assert indicator_milestone(make_indicator(), period) == pytest.approx(expected)


def test_milestone_rising_line():
    assert milestone(60.0, 2020.0, 70.0, 2030.0, 2025.0) == pytest.approx(65.0)
    assert milestone(60.0, 2020.0, 70.0, 2030.0, 2019.0) == 60.0
    assert milestone(60.0, 2020.0, 70.0, 2030.0, 2031.0) == 70.0


def test_milestone_needs_target_after_baseline():
    with pytest.raises(ValueError, match="must come after the baseline"):
        milestone(7.3, 2028.75, 5.0, 2020.75, 2024.75)


def test_indicator_milestone_none_without_trajectory():
    assert indicator_milestone(make_indicator(target_value=None, target_comparator="qualitative"), "2024/25") is None


# --- better, and meeting the target -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a, b, polarity, target, better",
    [
        (6.0, 7.0, "lower_is_better", None, True),
        (7.0, 6.0, "lower_is_better", None, False),
        (6.0, 6.0, "lower_is_better", None, False),  # equal is not strictly better
        (7.0, 6.0, "higher_is_better", None, True),
        (6.0, 7.0, "higher_is_better", None, False),
        (6.15, 7.3 - 2.3 * 0.5, "higher_is_better", None, False),  # equal apart from float noise
        (62.0, 60.0, "maintain", 63.0, True),  # maintain: closer to the target is better
        (64.0, 60.0, "maintain", 63.0, True),  # either side of the target
        (62.0, 64.0, "maintain", 63.0, False),  # equally far: neither is better
        (63.0, 62.0, "maintain", 63.0, True),
    ],
)
def test_is_better(a, b, polarity, target, better):
    assert is_better(a, b, polarity, target) is better


def test_is_better_rejects_unusable_polarity():
    with pytest.raises(ValueError, match="needs the target"):
        is_better(1.0, 2.0, "maintain")
    with pytest.raises(ValueError, match="not_applicable"):
        is_better(1.0, 2.0, "not_applicable")


@pytest.mark.parametrize(
    "value, target, comparator, met",
    [
        (5.0, 5.0, "at_least", True),  # exactly at the target meets 'at least'
        (4.99, 5.0, "at_least", False),
        (5.01, 5.0, "at_least", True),
        (5.0, 5.0, "no_more_than", True),  # exactly at the target meets 'no more than'
        (5.01, 5.0, "no_more_than", False),
        (4.99, 5.0, "no_more_than", True),
        (5.0, 5.0, "above", False),  # exactly at the target does not meet 'above'
        (5.01, 5.0, "above", True),
        (5.0, 5.0, "below", False),  # exactly at the target does not meet 'below'
        (4.99, 5.0, "below", True),
        (7.3 - 2.3 * 0.5, 6.15, "at_least", True),  # 6.1499999999999995 is 6.15
        (63.0, 63.0, "equal", True),
        (62.6, 63.0, "equal", True),
        (63.49, 63.0, "equal", True),
        (62.5, 63.0, "equal", False),  # half a unit away is no longer equal (the rule is strictly < 0.5)
        (63.5, 63.0, "equal", False),
    ],
)
def test_meets_target(value, target, comparator, met):
    assert meets_target(value, target, comparator) is met


def test_meets_target_rejects_relative_comparator():
    with pytest.raises(ValueError, match="'match_national' is not absolute"):
        meets_target(1.0, 2.0, "match_national")


# --- status -----------------------------------------------------------------------------------------------------

LONELINESS = dict(milestone=6.15, baseline_value=7.3, target_value=5.0, comparator="no_more_than",
                  polarity="lower_is_better")
ACTIVITY = dict(milestone=62.5, baseline_value=60.0, target_value=65.0, comparator="at_least",
                polarity="higher_is_better")
WEIGHT = dict(milestone=63.0, baseline_value=63.0, target_value=63.0, comparator="equal", polarity="maintain")


@pytest.mark.parametrize(
    "value, lower, upper, rules, expected",
    [
        # lower is better: loneliness, milestone 6.15, baseline 7.3, target no more than 5
        (None, None, None, LONELINESS, "no_data"),
        (5.0, None, None, LONELINESS, "achieved"),  # exactly at the target meets 'no more than'
        (4.2, 3.9, 4.5, LONELINESS, "achieved"),
        (5.01, None, None, LONELINESS, "on_track"),
        (6.15, None, None, LONELINESS, "on_track"),  # exactly at the milestone is on track
        (7.3 - 2.3 * 0.5, None, None, LONELINESS, "on_track"),  # the milestone as computed, float noise and all
        (6.16, 6.16, 6.9, LONELINESS, "at_risk"),  # worse than milestone, but better than baseline
        (6.8, 6.15, 7.5, LONELINESS, "at_risk"),  # milestone exactly on the lower CI limit
        (7.5, 6.1, 8.9, LONELINESS, "at_risk"),  # worse than the baseline, but the CI reaches the milestone
        (7.2, None, None, LONELINESS, "at_risk"),  # missing CI: still better than the baseline
        (7.2, 6.9, 7.5, LONELINESS, "at_risk"),  # milestone beyond the CI, but better than the baseline
        (7.3, 6.5, 7.9, LONELINESS, "off_track"),  # equal to the baseline and milestone beyond the CI
        (7.3, None, None, LONELINESS, "off_track"),  # equal to the baseline, missing CI
        (7.5, None, 8.9, LONELINESS, "off_track"),  # half a CI counts as none
        (8.0, 7.0, 9.0, LONELINESS, "off_track"),
        # higher is better: milestone 62.5, baseline 60, target at least 65
        (65.0, None, None, ACTIVITY, "achieved"),  # exactly at the target meets 'at least'
        (64.99, None, None, ACTIVITY, "on_track"),
        (62.5, None, None, ACTIVITY, "on_track"),  # exactly at the milestone is on track
        (62.0, 61.0, 62.5, ACTIVITY, "at_risk"),  # milestone exactly on the upper CI limit
        (62.0, 61.0, 62.49, ACTIVITY, "at_risk"),  # milestone beyond the CI, but better than the baseline
        (60.0, 59.0, 61.0, ACTIVITY, "off_track"),  # equal to the baseline, beyond CI
        (59.0, 57.0, 61.0, ACTIVITY, "off_track"),
        (59.0, 57.0, 62.5, ACTIVITY, "at_risk"),  # worse than the baseline but the CI reaches the milestone
        # 'above' / 'below': a value exactly at the target does not meet them, but it is past the milestone
        (65.0, None, None, {**ACTIVITY, "comparator": "above"}, "on_track"),
        (65.01, None, None, {**ACTIVITY, "comparator": "above"}, "achieved"),
        (5.0, None, None, {**LONELINESS, "comparator": "below"}, "on_track"),
        (4.99, None, None, {**LONELINESS, "comparator": "below"}, "achieved"),
        # maintain at 63 (equal within 0.5); better means closer to 63
        (63.0, None, None, WEIGHT, "achieved"),
        (62.51, None, None, WEIGHT, "achieved"),
        (62.5, 61.5, 63.5, WEIGHT, "at_risk"),  # half a unit off is not equal; the CI holds 63
        (64.0, 63.0, 65.0, WEIGHT, "at_risk"),  # the milestone exactly on the lower CI limit
        (62.5, None, None, WEIGHT, "off_track"),  # missing CI, and no nearer 63 than the baseline was
        (61.0, 60.0, 62.0, WEIGHT, "off_track"),
        # maintain, with a baseline away from the target: nearer the target than the baseline is at risk
        (61.5, None, None, {**WEIGHT, "baseline_value": 60.0, "milestone": 62.0}, "at_risk"),
        (62.0, None, None, {**WEIGHT, "baseline_value": 60.0, "milestone": 62.0}, "on_track"),
        (64.0, None, None, {**WEIGHT, "baseline_value": 60.0, "milestone": 62.0}, "on_track"),  # as far as 62
        (66.0, None, None, {**WEIGHT, "baseline_value": 60.0, "milestone": 62.0}, "off_track"),  # as far as 60
    ],
)
def test_status(value, lower, upper, rules, expected):
    assert status(value, lower, upper, **rules) == expected


# --- rates, projection, when the target is met --------------------------------------------------------------------

def test_rate_needed_is_signed():
    assert rate_needed(7.3, FY2020, 5.0, FY2028) == pytest.approx(-0.2875)
    assert rate_needed(60.0, 2020.0, 65.0, 2030.0) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "observations, expected",
    [
        ([(FY2024, 6.8)], -0.125),  # one point: two-point rate from the baseline
        ([(FY2020 - 2, 9.0), (FY2024, 6.8)], -0.125),  # points before the baseline are not 'since the baseline'
        ([(FY2020, 7.3), (FY2020 + 2, 6.9), (FY2024, 6.5)], -0.2),  # on a line: its slope
        ([(FY2020, 7.3), (FY2020 + 1, 7.0), (FY2020 + 2, 7.1), (FY2020 + 3, 6.8)], -0.14),  # least squares
        ([(FY2020 + 3, 6.8), (FY2020, 7.3), (FY2020 + 2, 7.1), (FY2020 + 1, 7.0)], -0.14),  # any order
        ([(FY2020 + 2, 7.4), (FY2024, 7.6)], 0.1),  # two points since the baseline, rising
        ([(FY2020, 7.3)], None),  # only the baseline period: no time has passed
        ([(FY2020 - 1, 7.5)], None),  # only before the baseline
        ([], None),
    ],
)
def test_rate_achieved(observations, expected):
    got = rate_achieved(observations, 7.3, FY2020)
    assert got == (None if expected is None else pytest.approx(expected))


def test_projected_value():
    assert projected_value(6.8, FY2024, -0.125, FY2028) == pytest.approx(6.3)
    assert projected_value(5.0, FY2028, -0.125, FY2028) == pytest.approx(5.0)  # at the target: the value
    assert projected_value(5.0, FY2028 + 1, -0.125, FY2028) is None  # after the target: no projection


@pytest.mark.parametrize(
    "value, rate, target, expected",
    [
        (6.8, -0.125, 5.0, FY2024 + 14.4),
        (6.8, 0.1, 5.0, None),  # moving away
        (6.8, 0.0, 5.0, None),  # flat
        (60.0, 0.5, 65.0, FY2024 + 10),
        (60.0, -0.5, 65.0, None),
    ],
)
def test_target_met_position(value, rate, target, expected):
    got = target_met_position(value, FY2024, rate, target)
    assert got == (None if expected is None else pytest.approx(expected))


def test_assess_loneliness_at_risk():
    a = assess(make_indicator(), "E54000032", [("2024/25", 6.8, 6.1, 7.5)])
    assert (a.period, a.value, a.status) == ("2024/25", 6.8, "at_risk")
    assert a.milestone == pytest.approx(6.15)
    assert a.rate_needed == pytest.approx(-0.2875)
    assert a.rate_achieved == pytest.approx(-0.125)  # two-point from the registry baseline
    assert a.rate_since == "2020/21"
    assert a.projected_value == pytest.approx(6.3)
    # 1.8 points to go at 0.125 a year is 14.4 years after 2024.75: February 2039, in 2038/39.
    assert (a.target_met_period, a.never_met) == ("2038/39", False)
    assert a.reason_code == "milestone_within_ci"
    assert "milestone is within" in present.reason_text(make_indicator(), a)  # worded in present, from the code


def test_assess_uses_the_latest_observed_value_in_any_order():
    series = [("2024/25", None, None, None), ("2022/23", 6.9, None, None), ("2020/21", 7.3, None, None),
              ("2023/24", 6.7, None, None)]
    a = assess(make_indicator(), "E07000105", series)
    assert (a.period, a.value) == ("2023/24", 6.7)  # 2024/25 has no value
    assert a.rate_achieved == pytest.approx(-0.2)  # least squares over 2020/21, 2022/23, 2023/24
    assert a.rate_since == "2020/21"


def test_assess_met_period_on_a_financial_year_boundary():
    # 6.5 in 2024/25 falling 0.2 a year reaches 5 after 7.5 years: 2032.25, i.e. 1 April 2032, the start of 2032/33.
    series = [("2020/21", 7.3, None, None), ("2022/23", 6.9, None, None), ("2024/25", 6.5, None, None)]
    a = assess(make_indicator(), "E54000032", series)
    assert a.target_met_period == "2032/33"
    assert a.projected_value == pytest.approx(5.7)


def test_assess_moving_away_is_never_met():
    series = [("2022/23", 7.4, None, None), ("2024/25", 7.6, None, None)]
    a = assess(make_indicator(), "E54000032", series)
    assert a.status == "off_track"
    assert a.rate_achieved == pytest.approx(0.1)
    assert (a.target_met_period, a.never_met) == (None, True)
    assert a.projected_value == pytest.approx(8.0)


def test_assess_flat_is_never_met():
    a = assess(make_indicator(), "E54000032", [("2020/21", 7.3, None, None), ("2024/25", 7.3, None, None)])
    assert (a.rate_achieved, a.target_met_period, a.never_met) == (pytest.approx(0.0), None, True)


def test_assess_calendar_year_target_names_a_calendar_year():
    ind = make_indicator(baseline_period="2020", target_period="2030", polarity="higher_is_better",
                         baseline_value=60.0, target_value=65.0, target_comparator="at_least")
    a = assess(ind, "E10000016", [("2024", 62.0, None, None)])
    # 0.5 a year from 60 in 2020 (pos 2020.5) to 62 in 2024 (2024.5): 65 after six more years, pos 2030.5.
    assert a.rate_achieved == pytest.approx(0.5)
    assert a.target_met_period == "2030"


def test_assess_achieved_has_no_met_period():
    a = assess(make_indicator(), "E54000032", [("2024/25", 4.9, None, None)])
    assert a.status == "achieved"
    assert (a.target_met_period, a.never_met) == (None, False)


def test_assess_only_baseline_period_has_no_rate():
    a = assess(make_indicator(), "E54000032", [("2020/21", 7.3, None, None)])
    assert a.status == "on_track"  # in the baseline period the milestone is the baseline itself
    assert (a.rate_achieved, a.rate_since, a.projected_value) == (None, None, None)
    assert (a.target_met_period, a.never_met) == (None, False)  # unknown, not 'never'


def test_assess_after_the_target_period_has_no_projection():
    a = assess(make_indicator(), "E54000032", [("2029/30", 5.5, None, None)])
    assert a.milestone == 5.0  # after the target period the milestone is the target
    assert a.status == "at_risk"  # short of the target, but better than the baseline
    assert a.projected_value is None  # the target period has passed: nothing to project
    # Falling 0.2 a year since 2020/21 (7.3 -> 5.5 over nine years), the last 0.5 takes 2.5 years: 2032.25.
    assert a.target_met_period == "2032/33"


def test_assess_no_data():
    a = assess(make_indicator(), "E07000112", [("2024/25", None, None, None)])
    assert (a.status, a.period, a.value, a.milestone) == ("no_data", None, None, None)
    assert a.rate_needed == pytest.approx(-0.2875)  # the trajectory still exists
    assert assess(make_indicator(), "E07000112", []).status == "no_data"


def test_assess_not_assessable_keeps_the_latest_value_and_gives_the_reason():
    ind = make_indicator(target_value=None, target_comparator="qualitative", target_period=None,
                         target_as_printed="Improve")
    a = assess(ind, "E54000032", [("2024/25", 6.8, None, None)])
    assert a.status == "not_assessable"
    assert a.reason_code == "not_assessable"
    assert present.reason_text(ind, a) == present.not_assessable_text(ind) and present.not_assessable_text(ind)
    assert (a.period, a.value, a.milestone, a.rate_needed) == ("2024/25", 6.8, None, None)


def test_assess_not_applicable_polarity_is_not_assessable():
    ind = make_indicator(polarity="not_applicable")
    a = assess(ind, "E54000032", [("2024/25", 6.8, None, None)])
    assert a.status == "not_assessable" and a.reason_code == "polarity_without_direction"
    assert present.reason_text(ind, a) == ("Polarity 'not_applicable' has no better or worse, so there is no "
                                           "trajectory.")


def test_assess_maintain():
    a = assess(healthy_weight(), "E54000032", [("2023/24", 62.0, 61.2, 62.8), ("2024/25", 62.6, 61.8, 63.4)])
    assert (a.status, a.milestone, a.rate_needed) == ("achieved", 63.0, 0.0)


# --- status over time ---

def test_status_history_judges_each_period_on_what_was_known_then():
    from logframe.trajectory import status_history
    ind = make_indicator()  # loneliness-like: 7.3 (2020/21) -> no more than 5 by 2028/29
    series = [("2020/21", 7.3, None, None), ("2022/23", 7.4, None, None),  # worse than baseline: off track
              ("2023/24", 6.3, None, None),                                # better than the 6.44 milestone: on track
              ("2024/25", 6.5, None, None)]                                # worse than 6.15, better than baseline: at risk
    history = status_history(ind, "E54000032", series)
    assert [s for _, s in history] == ["on_track", "off_track", "on_track", "at_risk"]
    assert status_history(ind, "E54000032", series, last=2) == history[-2:]


def test_a_figure_from_before_the_baseline_is_context_not_progress():
    # Kent's latest published reablement figure is 2020/21; the plan's baseline is 2021/22.
    ind = make_indicator(baseline_value=84.5, baseline_period="2021/22", target_value=85.0,
                         target_comparator="at_least", polarity="higher_is_better", target_period="2028/29")
    a = assess(ind, "E10000016", [("2018/19", 82.0, None, None), ("2020/21", 86.8, 84.29, 88.9)])
    assert (a.status, a.period, a.value, a.milestone) == ("no_data", "2020/21", 86.8, None)
    assert present.reason_text(ind, a) == ("The latest figure is for 2020/21, before the baseline period 2021/22, "
                                           "so it cannot show progress towards the target.")
    # the baseline period itself is judged
    assert assess(ind, "E10000016", [("2021/22", 86.8, None, None)]).status == "achieved"
