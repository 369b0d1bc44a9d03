"""One home for each rule: the views call the rule, they do not compute it again. Each test fails if a second
computation reappears (a table, a sentence or a tag that decides for itself)."""
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
