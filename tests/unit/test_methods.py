"""logframe.methods: which methods an indicator's figures support, and what each says in words (pure functions)."""
import dataclasses

import pandas as pd
import pytest

from logframe import methods, present, stats
from logframe.periods import parse_period
from tests.unit.test_spc_chart import BASE, months

LONELY, FRAILTY = "loneliness_often_always", "frailty_emergency_admissions"
KM, KENT, MEDWAY, ENGLAND, THANET = "E54000032", "E10000016", "E06000035", "E92000001", "E07000114"
YEARS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]


def rows(area, points, indicator=LONELY):
    """observations.sql rows: points are (period, value, lower_ci, upper_ci)."""
    out = []
    for label, value, lo, hi in points:
        p = parse_period(label)
        out.append(dict(indicator_id=indicator, area_code=area, period=label, period_kind=p.kind,
                        start_year=p.start_year, position=p.position, value=value, lower_ci=lo, upper_ci=hi,
                        numerator=None, denominator=None, illustrative=True))
    return pd.DataFrame(out)


def annual(area, values, width=0.5):
    return rows(area, [(p, v, v - width, v + width) for p, v in zip(YEARS[-len(values):], values)])


def district_codes(registry):
    return [d.code for d in registry.districts()]


@pytest.mark.parametrize("rebase, want", [
    (None, None),
    ("2022-07", 6),  # a month: that month
    ("2022/23", 3),  # a financial year against monthly figures: its first month, April 2022
    ("2023", 12),  # a calendar year: January
    ("2021-06", 0),  # before the series: the first point (xmr then ignores it)
    ("2030-01", None),  # after the series: no point at or after it
])
def test_rebase_period_becomes_the_index_of_the_first_point_at_or_after_it(rebase, want):
    assert methods.rebase_index(rebase, months(24)) == want


def test_spc_state_honours_the_registry_rebase_period(registry):
    ind = dataclasses.replace(registry.indicator(FRAILTY), rebase_period="2023-01")
    series = rows(KM, [(m, v, None, None) for m, v in zip(months(24), BASE[:12] + [v + 20 for v in BASE[:12]])],
                  FRAILTY)
    spc = methods.spc_state(ind, series, milestone=4600)
    assert spc.result.rebase_index == 12 and spc.first == "2022-01" and spc.last == "2023-12"
    assert spc.result.mean == pytest.approx(sum(BASE[:12]) / 12 + 20)
    assert "(January 2022 to December 2023); recalculated from January 2023." in methods.limits_text(ind, spc)
    # The limits (about 30) are far below both levels: for a lower-is-better indicator, consistently passing.
    assert spc.target == "consistently_passing" and spc.milestone == "consistently_passing"
    high = methods.spc_state(ind, series, milestone=25)  # a milestone below the limits: consistently failing
    assert high.milestone == "consistently_failing"
    assert spc.target_value == ind.target_value and spc.milestone_value == 4600


def test_spc_state_is_none_for_annual_series_and_has_no_assurance_without_a_level(registry):
    lonely = registry.indicator(LONELY)
    assert methods.spc_state(lonely, annual(KM, [7, 7.1, 7.2]), 6.5) is None
    relative = dataclasses.replace(registry.indicator(FRAILTY), target_comparator="reduce_by_pct", target_value=1.5)
    series = rows(KM, [(m, v, None, None) for m, v in zip(months(20), BASE)], FRAILTY)
    spc = methods.spc_state(relative, series, milestone=4600)
    assert spc.target is None and spc.milestone is None and spc.result.assurance is None


def test_spc_state_follows_the_indicator_screening_and_says_why_there_are_no_limits(registry):
    frailty = registry.indicator(FRAILTY)
    values = BASE + [BASE[-1] + 400]  # a jump of 400 is screened out of the moving ranges by default
    series = rows(KM, [(m, v, None, None) for m, v in zip(months(len(values)), values)], FRAILTY)
    screened = methods.spc_state(frailty, series, None).result
    spreadsheet = methods.spc_state(dataclasses.replace(frailty, spc_screening=False), series, None).result
    assert screened.screened and screened.excluded_moving_ranges == (len(values) - 1,)
    assert not spreadsheet.screened and spreadsheet.excluded_moving_ranges == ()
    assert spreadsheet.mr_bar > screened.mr_bar
    flat = rows(KM, [(m, 4600, None, None) for m in months(12)], FRAILTY)
    spc = methods.spc_state(frailty, flat, None)
    assert methods.variation_text(spc) == \
        "– No process limits: the figures do not vary from point to point (every value is the same)"
    assert methods.limits_text(frailty, spc) == ""


def test_variation_and_assurance_words():
    values = BASE + [30]
    spc = methods.SpcState(stats.xmr(values, "lower_is_better"), "hit_and_miss", "consistently_failing",
                           "2022-01", "2023-09", 11, 5)
    assert methods.variation_text(spc) == ("⊖ Special cause variation: concern; higher than expected: "
                                           "a point outside the process limits")
    assert methods.assurance_text("hit_and_miss", "target") == \
        "? Hit and miss: the target lies within the process limits"
    assert methods.assurance_text("consistently_failing", "milestone") == \
        "F Consistently failing: both process limits are on the failing side of the milestone"
    common = dataclasses.replace(spc, result=stats.xmr(BASE, "lower_is_better"))
    assert methods.variation_text(common) == "∼ Common cause variation"


def test_recent_trend_over_the_last_five_annual_points(registry):
    lonely = registry.indicator(LONELY)  # lower is better
    series = annual(KM, [8.0, 7.8, 7.5, 7.2, 7.0, 6.7, 6.4], width=0.1)
    trend = methods.recent_trend(lonely, series)
    # CIs of +/- 0.1 (se 0.051) and a steady fall of 0.3 a year: far past 99.8%, every leave-one-out slope falls.
    assert (present.trend_label(trend), trend.method) == ("Decreasing and getting better", "ci_weighted")
    assert methods.trend_text(series, trend) == "↓ Decreasing and getting better, 2020/21 to 2024/25"
    assert methods.trend_method_text(trend).startswith(
        "Fingertips recent trend: regression weighted by the 95% confidence intervals, 99.8%, over the last five "
        "points: chi-squared ")
    # Counts are used only for a percentage (Fingertips' proportions method), and a rate uses the CIs.
    counted = series.assign(numerator=[800, 780, 750, 720, 700, 670, 640], denominator=10000)
    assert methods.recent_trend(lonely, counted).method == "chi_squared_trend"
    rate = dataclasses.replace(lonely, unit="rate_per_100k")
    assert methods.recent_trend(rate, counted).method == "ci_weighted"
    # Rolling three-year periods: Fingertips calculates no recent trend.
    rolling = rows(KM, [(f"{y}-{(y + 2) % 100:02d}", 7.0 - y / 1000, 6.9, 7.1) for y in range(2015, 2022)])
    assert present.trend_reason(methods.recent_trend(lonely, rolling)) == \
        "Fingertips calculates a recent trend only for one-year periods; these are 3-year periods"
    short = annual(KM, [7.0, 6.9, 6.8])
    assert methods.trend_text(short, methods.recent_trend(lonely, short)) == \
        "– Cannot be calculated: needs 5 points; has 3"
    monthly = rows(KM, [(m, v, None, None) for m, v in zip(months(20), BASE)], FRAILTY)
    assert methods.recent_trend(registry.indicator(FRAILTY), monthly) is None


@pytest.mark.parametrize("area, want", [
    (KM, [ENGLAND]), (KENT, [ENGLAND, KM]), (MEDWAY, [ENGLAND, KM]), (THANET, [ENGLAND, KENT]), (ENGLAND, []),
])
def test_comparators_are_england_and_the_parent_area(registry, area, want):
    assert methods.comparator_codes(registry, area) == want


def test_comparison_words_follow_compare_ci_and_polarity(registry):
    lonely = registry.indicator(LONELY)  # lower is better
    obs = pd.concat([annual(THANET, [8.0, 8.2], width=0.3), annual(ENGLAND, [7.0, 7.1], width=0.1),
                     annual(KENT, [8.0, 8.1], width=0.4)])
    england, kent = methods.compare(lonely, obs, THANET, registry)
    assert england.comparison == stats.compare_ci(8.2, 7.9, 8.5, 7.1, 7.0, 7.2, "lower_is_better") == "worse"
    # Fingertips' default: the comparator's value against Thanet's CI (7.9 to 8.5).
    assert england.text == "▼ Worse than England (England's value lies outside the 95% CI)"
    assert kent.text == "● Similar to Kent (Kent's value lies within the 95% CI)"
    assert england.detail == "England 7.1% (95% CI 7% to 7.2%)"
    assert methods.comparison_caption(lonely, obs, THANET, registry, [england, kent]) == (
        "In 2024/25: Thanet 8.2% (95% CI 7.9% to 8.5%); England 7.1% (95% CI 7% to 7.2%); "
        "Kent 8.1% (95% CI 7.7% to 8.5%). Fingertips comparison: the area's 95% confidence interval against the "
        "comparator's value. Similar where the comparator's value lies within Thanet's interval; better or worse, "
        "by the indicator's polarity, where it lies outside. Kent includes Thanet, so the two figures share data.")


def test_comparison_by_ci_overlap_where_the_indicator_asks_for_it(registry):
    lonely = dataclasses.replace(registry.indicator(LONELY), comparison_method="ci_overlap")
    # Thanet 8.2 (7.9 to 8.5) against Kent 7.6 (7.4 to 7.9): Kent's value is outside Thanet's CI, but the CIs
    # touch at 7.9, so by overlap Thanet is similar.
    obs = pd.concat([annual(THANET, [8.0, 8.2], width=0.3), annual(ENGLAND, [7.0, 7.1], width=0.1),
                     annual(KENT, [7.5, 7.65], width=0.25)])
    england, kent = methods.compare(lonely, obs, THANET, registry)
    assert england.text == "▼ Worse than England (95% CIs do not overlap)"
    assert kent.text == "● Similar to Kent (95% CIs overlap)"
    assert "Comparison by overlap of the two 95% confidence intervals" in \
        methods.comparison_caption(lonely, obs, THANET, registry, [england, kent])
    # Without England's CI the overlap method cannot compare, and says whose CI is missing.
    no_ci = pd.concat([annual(THANET, [8.0, 8.2], width=0.3), annual(ENGLAND, [7.1]).assign(lower_ci=None,
                                                                                           upper_ci=None)])
    (england,) = methods.compare(lonely, no_ci, THANET, registry)[:1]
    assert england.text == "○ Not compared with England: no 95% confidence interval for England in 2024/25"


def test_comparison_without_a_reference_figure_or_a_ci_says_why(registry):
    lonely = registry.indicator(LONELY)
    obs = pd.concat([annual(KM, [7.0, 6.8]).assign(lower_ci=None, upper_ci=None), annual(ENGLAND, [7.0])])
    (england,) = methods.compare(lonely, obs, KM, registry)
    assert england.text == "○ Not compared with England: no 95% confidence interval for Kent and Medway in 2024/25"
    (missing,) = methods.compare(lonely, annual(KM, [7.0, 6.8]), KM, registry)
    assert missing.text == "○ Not compared with England: no England figure for 2024/25"


def said(m):
    """What the page prints for a method: its name, whether it applies, and the reason in words."""
    return m.method, m.applies, m.reason


def test_which_methods_apply_to_an_annual_survey(registry):
    lonely = registry.indicator(LONELY)
    obs = pd.concat([annual(KM, [7.4, 7.3, 7.3, 7.1, 7.0, 6.9, 6.8]), annual(ENGLAND, [7.0] * 7),
                     annual(THANET, [8.0])])
    got = {m.method: m for m in methods.method_support(lonely, obs, KM, registry, district_codes(registry))}
    assert list(got) == ["Trajectory status", "Recent trend", "SPC", "Comparison with England",
                         "Comparison with districts"]
    assert got["Trajectory status"].applies
    # No counts, CIs on every point: Fingertips' CI-weighted method, named with its level.
    assert said(got["Recent trend"]) == ("Recent trend", True, "Fingertips recent trend: regression weighted by the "
                                         "95% confidence intervals, 99.8%, on the last 5 of 7 annual points")
    assert said(got["SPC"]) == ("SPC", False, "SPC needs at least 12 points; this series has 7 annual points")
    assert got["Comparison with England"].applies and got["Comparison with districts"].applies


def test_recent_trend_that_fingertips_cannot_calculate_does_not_apply(registry):
    lonely = registry.indicator(LONELY)
    obs = annual(KM, [7.4, 7.3, 7.3, 7.1, 7.0, 6.9, 6.8]).assign(lower_ci=None, upper_ci=None)
    got = {m.method: m for m in methods.method_support(lonely, obs, KM, registry)}
    assert said(got["Recent trend"]) == ("Recent trend", False, "cannot be calculated: needs counts or a "
                                         "95% confidence interval for each of the last 5 points")


def test_which_methods_apply_to_a_short_monthly_series_without_cis(registry):
    frailty = registry.indicator(FRAILTY)
    obs = rows(KM, [(m, v, None, None) for m, v in zip(months(8), BASE)], FRAILTY)
    got = {m.method: m for m in methods.method_support(frailty, obs, KM, registry, district_codes(registry))}
    assert said(got["SPC"]) == ("SPC", True, "trial limits only: 8 monthly points; SPC needs 12 for firm limits")
    assert not got["Recent trend"].applies and "these figures are monthly, so SPC is used" in got["Recent trend"].reason
    assert said(got["Comparison with England"]) == ("Comparison with England", False,
                                                    "there is no England figure for August 2022")
    assert said(got["Comparison with districts"]) == ("Comparison with districts", False,
                                                      "the extracts hold no district figures for it")


def test_which_methods_apply_without_a_trajectory_or_figures(registry):
    unquantified = next(i for i in registry.indicators.values() if not i.quantified)
    got = {m.method: m for m in methods.method_support(unquantified, annual(KM, [1.0])[:0], KM, registry)}
    assert said(got["Trajectory status"]) == ("Trajectory status", False, present.not_assessable_text(unquantified))
    assert not any(m.applies for m in got.values())
    assert got["SPC"].reason == got["Recent trend"].reason == "there are no Kent and Medway figures"
