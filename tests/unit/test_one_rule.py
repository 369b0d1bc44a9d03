"""One home for each rule: the views call the rule, they do not compute it again. Each test fails if a second
computation reappears (a table, a sentence or a tag that decides for itself)."""
import dataclasses

import pandas as pd
import pytest

from logframe import assessments, charts, present, trajectory
from logframe.extracts import take_snapshot
from tests.conftest import ROOT, write_extract

KM, KENT = "E54000032", "E10000016"
ALCOHOL = "alcohol_admissions"  # monthly figures, baseline 2021/22 (a financial year), set for Kent and Medway
BEFORE = "Before the baseline"


def _table_marks(ind, obs, area, registry) -> dict[str, bool]:
    """{period: the indicator table marks it 'Before the baseline'} for the area's own rows on the plan's definition."""
    table = charts.indicator_table(ind, obs, area, registry)
    mine = table[(table["Area"] == registry.area_name(area)) & (table["Definition"] != "")
                 & ~table["Status against the milestone"].str.startswith("Not judged")]
    return dict(zip(mine["Period"], mine["Status against the milestone"] == BEFORE))


def test_the_tables_before_the_baseline_rows_are_the_rules_in_the_shipped_data(registry):
    obs = assessments.observations(take_snapshot(ROOT / "data" / "extracts", registry))
    checked = 0
    for (indicator_id, area), rows in obs.groupby(["indicator_id", "area_code"]):
        ind = registry.indicators.get(indicator_id)
        if ind is None or trajectory.indicator_milestone(ind, rows["period"].iloc[0]) is None:
            continue  # no trajectory: the table judges nothing
        marks = _table_marks(ind, rows, area, registry)
        assert marks == {p: trajectory.before_baseline(ind, p) for p in marks}, (indicator_id, area)
        checked += len(marks)
    assert checked > 100  # the shipped data has trajectories to check, not an empty loop


def test_a_monthly_indicator_with_a_financial_year_baseline(registry):
    """Alcohol admissions: baseline 2021/22 (April 2021 to March 2022). April to September 2021 fall inside the
    baseline year, so the status rule judges them; a position-based test called them 'before the baseline'."""
    ind = registry.indicator(ALCOHOL)
    months = [f"{y}-{m:02d}" for y, m in [(2021, 1), (2021, 3), (2021, 4), (2021, 6), (2021, 9), (2021, 10),
                                          (2022, 3)]]
    obs = pd.DataFrame([{"indicator_id": ALCOHOL, "area_code": KM, "period": p, "value": 420.0, "lower_ci": None,
                         "upper_ci": None, "illustrative": False} for p in months])
    from logframe.periods import parse_period
    obs["position"] = [parse_period(p).position for p in months]
    marks = _table_marks(ind, obs, KM, registry)
    assert marks == {"2021-01": True, "2021-03": True, "2021-04": False, "2021-06": False, "2021-09": False,
                     "2021-10": False, "2022-03": False}
    assert marks == {p: trajectory.before_baseline(ind, p) for p in months}
    # and the verdict every view renders agrees: a figure for June 2021 is judged, one for March 2021 is not
    assert trajectory.assess(ind, KM, [("2021-06", 420.0, None, None)]).status in trajectory.JUDGED
    early = trajectory.assess(ind, KM, [("2021-03", 420.0, None, None)])
    assert early.status == "no_data" and early.figure_before_baseline


# --- why a figure is missing: the query's `suppressed` column, else the source's own reason ---------------------

LONELY = "loneliness_often_always"  # set for Kent and Medway, annual


def _latest_missing(registry, tmp_path, note, numerator=None):
    from tests.unit.test_assessments import row
    write_extract(tmp_path / "x.parquet", [row(LONELY, KM, "2023/24", 6.9),
                                           row(LONELY, KM, "2024/25", None, value_note=note, numerator=numerator)])
    a = assessments.assess(registry, take_snapshot(tmp_path, registry), KM, indicator=LONELY)[0]
    ind = registry.indicator(LONELY)
    assert (a.period, a.suppressed_period) == ("2023/24", "2024/25")  # the older figure is not passed off as latest
    return a, present.verdict(ind, registry, a)


def test_an_ons_not_available_figure_is_not_called_suppressed(registry, tmp_path):
    # the note queries/import_ons.sql writes for ONS's observation status 'x'
    a, words = _latest_missing(registry, tmp_path, "[x] not available (ONS)")
    assert (a.missing, a.missing_note) == ("not_published", "[x] not available (ONS)")
    assert "suppressed" not in words
    assert words.endswith("A later figure, for 2024/25, is not published.")


def test_an_ascof_c_figure_says_the_sources_own_reason(registry, tmp_path):
    from logframe.importers.ascof import marker_note
    a, _ = _latest_missing(registry, tmp_path, marker_note("[c]"))
    assert a.missing == "not_published" and a.missing_note == marker_note("[c]")
    # where there is no figure at all the source's reason is the verdict's
    only = dataclasses.replace(a, value=None, period=None, status="no_data", reason_code="latest_missing")
    assert present.reason_text(registry.indicator(LONELY), only) == (
        "The latest figure, for 2024/25, is not published ([c] in the ASCOF source: suppressed to protect "
        "confidentiality (a count too small to publish)).")


def test_a_small_count_is_suppressed_by_the_column_not_by_its_note(registry, tmp_path):
    # below the minimum count of 5; the source's note says nothing of suppression, the column decides
    a, words = _latest_missing(registry, tmp_path, "provisional", numerator=3.0)
    assert (a.missing, a.missing_note) == ("suppressed", None)
    assert words.endswith("A later figure, for 2024/25, is suppressed.")


# --- which figure is the latest: periods.recency, for the verdict, the parts and the district table ---------------

@pytest.mark.parametrize("labels", [
    ["2021-23", "2022"],  # same mid-point: the later end wins (a start-year order said '2022')
    ["2022", "2021-23"],
    ["2023/24", "2023"],  # the financial year's mid-point (Oct 2023) is after the calendar year's (Jul 2023)
])
def test_the_latest_period_is_one_rule(registry, labels):
    from logframe.periods import period_sort_key
    ind = registry.indicator(LONELY)
    verdict = trajectory.assess(ind, KM, [(p, 7.0, None, None) for p in labels]).period
    assert verdict == sorted(labels, key=period_sort_key)[-1]  # districts' column order ends with the verdict's


def test_the_parts_latest_figure_is_the_verdicts(registry, tmp_path):
    from tests.unit.test_assessments import row
    write_extract(tmp_path / "x.parquet", [row(LONELY, KENT, "2022", 7.0), row(LONELY, KENT, "2021-23", 7.5)])
    a = assessments.assess(registry, take_snapshot(tmp_path, registry), KM, indicator=LONELY)[0]
    kent = trajectory.assess(registry.indicator(LONELY), KENT, [("2022", 7.0, None, None),
                                                                ("2021-23", 7.5, None, None)])
    assert [(p.area_code, p.period) for p in a.parts] == [(KENT, kent.period)]
