"""logframe.charts: the indicator chart, its summary and table, and the overview's sparklines (pure functions)."""
import dataclasses

import pandas as pd
import pytest

from logframe import charts, present, trajectory
from logframe.periods import parse_period

LONELY = "loneliness_often_always"  # 7.3% in 2020/21 -> no more than 5% by 2028/29, set for Kent and Medway
KM, KENT, ENGLAND, THANET = "E54000032", "E10000016", "E92000001", "E07000114"
SERIES = [("2019/20", 7.4, 6.8, 8.0), ("2020/21", 7.3, 6.7, 7.9), ("2022/23", 7.0, 6.4, 7.6),
          ("2024/25", 6.8, 6.2, 7.4)]


def frame(area, points, indicator=LONELY):
    """Rows shaped like queries/observations.sql."""
    rows = []
    for label, value, lo, hi in points:
        p = parse_period(label)
        rows.append(dict(indicator_id=indicator, area_code=area, period=label, period_kind=p.kind,
                         position=p.position, value=value, lower_ci=lo, upper_ci=hi, numerator=None,
                         denominator=None, value_note=None, source_file=f"/data/extracts/sub/{area}.parquet",
                         source_mtime=1_735_732_800.0, illustrative=True))  # 1 Jan 2025 12:00 UTC
    return pd.DataFrame(rows)


@pytest.fixture
def lonely(registry):
    return registry.indicator(LONELY)


@pytest.fixture
def obs():
    return pd.concat([frame(KM, SERIES), frame(ENGLAND, [(p, v - 0.2, lo - 0.2, hi - 0.2) for p, v, lo, hi in SERIES]),
                      frame(KENT, [("2024/25", 6.9, 6.3, 7.5)])], ignore_index=True)


def by_meta(fig):
    return {t.meta: t for t in fig.data}


def test_chart_has_series_trajectory_baseline_target_milestone_projection_and_comparators(registry, lonely, obs):
    a = trajectory.assess(lonely, KM, SERIES)
    fig = charts.indicator_chart(lonely, obs, KM, a, registry, [ENGLAND], illustrative=True)
    traces = by_meta(fig)
    assert set(traces) == {"series", "comparator:E92000001", "trajectory", "baseline", "target", "milestone",
                           "projection"}
    assert list(traces["trajectory"].x) == [parse_period("2020/21").position, parse_period("2028/29").position]
    assert list(traces["trajectory"].y) == [7.3, 5.0]
    assert list(traces["target"].y) == [5.0] and list(traces["baseline"].y) == [7.3]
    assert traces["milestone"].y[0] == pytest.approx(6.15)
    # the projection runs from the latest value to the target period at the achieved rate
    assert list(traces["projection"].y) == [6.8, pytest.approx(a.projected_value)]
    assert traces["projection"].x[-1] == parse_period("2028/29").position
    assert "Illustrative" in fig.layout.title.text


def test_lines_differ_by_dash_and_the_legend_says_so_in_words(registry, lonely, obs):
    a = trajectory.assess(lonely, THANET, SERIES)
    fig = charts.indicator_chart(lonely, obs.assign(area_code=obs["area_code"].replace(KM, THANET)), THANET, a,
                                 registry, [ENGLAND, KENT])
    traces = by_meta(fig)
    assert traces["projection"].line.dash == "dash"
    assert traces["trajectory"].line.dash == "dot"
    assert traces["series"].line.dash == "solid"
    dashes = [traces[m].line.dash for m in ("series", "trajectory", "projection", "comparator:E92000001",
                                            "comparator:E10000016")]
    assert len(set(dashes)) == len(dashes)
    assert "dashed" in traces["projection"].name and "dotted" in traces["trajectory"].name
    assert traces["comparator:E92000001"].name.startswith("England (dash-dot")
    assert traces["comparator:E10000016"].name.startswith("Kent (long-dash")


def test_confidence_intervals_are_error_bars(registry, lonely, obs):
    a = trajectory.assess(lonely, KM, SERIES)
    series = by_meta(charts.indicator_chart(lonely, obs, KM, a, registry))["series"]
    assert series.error_y.visible
    assert list(series.error_y.array) == pytest.approx([0.6, 0.6, 0.6, 0.6])
    assert list(series.error_y.arrayminus) == pytest.approx([0.6, 0.6, 0.6, 0.6])


def test_long_monthly_series_gets_a_ci_band_instead_of_error_bars(registry):
    frailty = registry.indicator("frailty_emergency_admissions")
    months = [(f"2023-{m:02d}", 4600.0 + m, 4500.0, 4700.0 + m) for m in range(1, 13)] + \
             [(f"2024-{m:02d}", 4650.0, 4550.0, 4750.0) for m in range(1, 13)]
    a = trajectory.assess(frailty, KM, months)
    fig = charts.indicator_chart(frailty, frame(KM, months, frailty.id), KM, a, registry)
    traces = by_meta(fig)
    assert traces["ci_band"].fill == "tonexty" and "shaded band" in traces["ci_band"].name
    assert not traces["series"].error_y.visible
    # one date style on the axis ('Jan 2021', years in full), a tick a year running on to the target period; the
    # baseline (2023) and target (2028) are calendar years, another style, so they get no tick of their own
    assert list(fig.layout.xaxis.ticktext) == ["Jan 2023", "Jan 2024", "Jan 2025", "Jan 2026", "Jan 2027", "Jan 2028"]


def test_ticks_mark_every_year_to_the_target(registry, lonely, obs):
    fig = charts.indicator_chart(lonely, obs, KM, trajectory.assess(lonely, KM, SERIES), registry)
    # at most six labels, so they stay whole and level on a phone; the baseline and target periods among them
    assert list(fig.layout.xaxis.ticktext) == ["2020/21", "2022/23", "2025/26", "2028/29"]


def test_status_is_annotated_with_icon_and_word(registry, lonely, obs):
    a = trajectory.assess(lonely, KM, SERIES)
    fig = charts.indicator_chart(lonely, obs, KM, a, registry)
    assert [n.text for n in fig.layout.annotations] == [
        f"{present.STATUS_ICON[a.status]} {present.STATUS_LABEL[a.status]}"]


def test_no_projection_when_the_target_period_has_passed(registry, lonely):
    late = SERIES + [("2029/30", 5.5, 5.0, 6.0)]
    a = trajectory.assess(lonely, KM, late)
    assert a.projected_value is None
    fig = charts.indicator_chart(lonely, frame(KM, late), KM, a, registry)
    assert "projection" not in by_meta(fig) and "trajectory" in by_meta(fig)


def test_not_assessable_indicator_shows_its_data_and_no_trajectory(registry):
    oflog = registry.indicator("oflog_asc1_carer_qol")
    points = [("2018/19", 7.3, None, None), ("2021/22", 6.7, None, None)]
    obs = pd.concat([frame(KENT, points, oflog.id), frame("X_MEDIAN_ASC", points, oflog.id)], ignore_index=True)
    a = trajectory.assess(oflog, KENT, points)
    comparators = charts.comparator_areas(registry, KENT, set(obs["area_code"]), oflog.geography)
    assert comparators == ["X_MEDIAN_ASC"]
    fig = charts.indicator_chart(oflog, obs, KENT, a, registry, comparators)
    assert set(by_meta(fig)) == {"series", "comparator:X_MEDIAN_ASC"}
    assert not by_meta(fig)["series"].error_y.visible
    assert not fig.layout.annotations
    summary = charts.chart_summary(oflog, obs, KENT, a, registry, comparators)
    assert "there is no trajectory to draw" in summary and "All-council median 6.7 in 2021/22" in summary


@pytest.mark.parametrize("area, own, available, expected", [
    (KM, KM, {KM, KENT, ENGLAND}, [ENGLAND, KENT]),  # Kent and Medway: England and its parts
    (KENT, KM, {KM, KENT, ENGLAND}, [ENGLAND, KM]),  # Kent: England and its parent, Kent and Medway
    (THANET, KM, {THANET, KM, KENT, ENGLAND}, [ENGLAND, KENT, KM]),  # a district: England, Kent, and the own area
    (THANET, KM, {THANET, KENT}, [KENT]),  # only what the extract has
    (KENT, KENT, {KENT, "X_MEDIAN_ASC"}, ["X_MEDIAN_ASC"]),  # benchmarks such as the all-council median
])
def test_comparator_areas(registry, area, own, available, expected):
    assert charts.comparator_areas(registry, area, available, own) == expected


def test_summary_sentence_names_latest_milestone_trajectory_projection_and_comparators(registry, lonely, obs):
    a = trajectory.assess(lonely, KM, SERIES)
    text = charts.chart_summary(lonely, obs, KM, a, registry, [ENGLAND], illustrative=True)
    assert text.startswith("Chart of people who feel lonely often or always in Kent and Medway from 2019/20 "
                           "to 2024/25 (illustrative data): latest 6.8% in 2024/25 against a milestone of 6.15%")
    assert "the dotted trajectory runs from 7.3% in 2020/21 to the target of ≤ 5% in 2028/29" in text
    assert "dashed projection reaches" in text and "England 6.6% in 2024/25" in text
    assert text.endswith(".") and text.count(". ") == 0  # one sentence


def test_table_has_milestones_statuses_and_relative_source(registry, lonely, obs):
    table = charts.indicator_table(lonely, obs, KM, registry, [ENGLAND], extracts_folder="/data/extracts")
    assert list(table.columns) == ["Area", "Period", "Value (%)", "Lower 95% CI", "Upper 95% CI", "Numerator",
                                   "Denominator", "Note", "Milestone (%)", "Status against the milestone",
                                   "Basis", "Definition", "Source file", "File modified"]
    km = table[table["Area"] == "Kent and Medway"].set_index("Period")
    assert km.loc["2019/20", "Status against the milestone"] == "Before the baseline"
    assert km.loc["2024/25", "Milestone (%)"] == 6.15
    assert km.loc["2024/25", "Status against the milestone"] == "▲ At risk"  # 6.8 vs 6.15, better than 7.3
    assert km.loc["2024/25", "Source file"] == "sub/E54000032.parquet"
    assert km.loc["2024/25", "File modified"] == "01 Jan 2025 12:00"  # provenance: the file and when it changed
    england = table[table["Area"] == "England"]
    # a cell that does not apply is empty, never None (which a table would print as 'None')
    assert len(england) == 4 and (england["Status against the milestone"] == "").all()
    assert set(km["Basis"]) == {"illustrative"} == set(england["Basis"])  # what each figure rests on (the fixture's)
    assert not table[["Note", "Status against the milestone", "Basis", "Source file"]].isna().any().any()
    assert table["Area"].tolist()[:4] == ["Kent and Medway"] * 4  # the chosen area first


def test_the_table_says_real_for_published_figures_and_rounds_as_published(registry, lonely):
    rows = frame(KM, [("2024/25", 6.8, 6.2345, 7.4)]).assign(illustrative=False)
    table = charts.indicator_table(lonely, rows, KM, registry)
    assert table["Basis"].tolist() == ["real"] and table["Lower 95% CI"].tolist() == [6.23]


def test_milestones_in_the_table_round_half_up_like_the_text(registry):
    ind = dataclasses.replace(registry.indicator(LONELY), baseline_value=7.0, target_value=6.45)
    # 2024/25 is half-way from 2020/21 to 2028/29: 7.0 - 0.55 / 2 = 6.725, printed 6.73
    table = charts.indicator_table(ind, frame(KM, [("2024/25", 6.8, 6.2, 7.4)]), KM, registry)
    assert table["Milestone (%)"].tolist() == [6.73]


def test_target_and_baseline_text(registry, lonely):
    assert present.target_text(lonely) == "≤\u00a05% by 2028/29"
    assert present.baseline_text(lonely) == "7.3% in 2020/21"
    qualitative = registry.indicator("net_zero_progress_nhs_la")
    assert present.target_text(qualitative) == qualitative.target_as_printed


def test_sparkline_draws_series_dashed_trajectory_and_latest_point(lonely):
    svg = charts.sparkline_svg(lonely, frame(KM, SERIES), "at_risk", label='Loneliness <"test">')
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Loneliness &lt;&quot;test&quot;&gt;"' in svg  # the label is escaped
    assert svg.count("<polyline") == 1 and 'stroke-dasharray="3 2"' in svg
    assert present.STATUS_COLOUR["at_risk"] in svg


def test_sparkline_without_trajectory_or_data(registry):
    oflog = registry.indicator("oflog_asc1_carer_qol")
    svg = charts.sparkline_svg(oflog, frame(KENT, [("2018/19", 7.3, None, None), ("2021/22", 6.7, None, None)],
                                            oflog.id))
    assert "<polyline" in svg and "stroke-dasharray" not in svg
    assert charts.sparkline_svg(oflog, frame(KENT, [], oflog.id)) == ""


def test_sparkline_label_says_what_it_shows(lonely):
    text = charts.sparkline_label(lonely, frame(KM, SERIES), "Kent and Medway", "at_risk")
    assert text == ("People who feel lonely often or always, Kent and Medway, 2019/20 to 2024/25: latest 6.8%; "
                    "at risk. Dashed line: the trajectory from 7.3% in 2020/21 to ≤ 5% in 2028/29.")
