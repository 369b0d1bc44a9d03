"""The Indicator page on the shipped default data: verdict, chart, table, text, areas and bad links."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from logframe import assessments
from logframe.trajectory import STATUS_LABEL, format_value
from tests.app.conftest import open_page, page_text

BOARD = ["loneliness_often_always", "frailty_emergency_admissions"]  # the board targets on illustrative figures
KM, THANET = "E54000032", "E07000114"


def indicator_page(**params) -> AppTest:
    return open_page("pages/indicator.py", **params)


text = page_text


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("ind_id", BOARD)
def test_board_indicator_page(registry, snapshot, ind_id):
    ind = registry.indicator(ind_id)
    at = indicator_page(indicator=ind_id)
    assert at.selectbox(key="f_indicator").value == ind_id
    row = next(r for r in assessments.assess_all(registry, snapshot, [ind], [KM]) if r["area_code"] == KM)
    verdict = next(m.value for m in at.markdown if m.value.startswith("**In "))
    assert STATUS_LABEL[row["status"]].lower() in verdict
    if row["status"] != "achieved":
        assert f"milestone of {format_value(ind.unit, row['milestone'])}" in verdict
    spec = chart(at)
    metas = [t.get("meta") for t in spec["data"]]
    assert {"series", "trajectory", "target", "baseline"} <= set(metas)
    assert "Illustrative" in spec["layout"]["title"]["text"]
    table = next(d.value for d in at.dataframe if "Status against the milestone" in d.value.columns)
    assert {"Period", "Lower 95% CI", "Milestone (%)" if ind.unit == "percent" else "Milestone (per 100,000)",
            "Status against the milestone", "Source file", "File modified"} <= set(table.columns)
    assert row["period"] in table["Period"].tolist()
    shown = text(at)
    assert ind.statement in shown and ind.definition in shown
    assert "Chart of " in shown  # the chart's one-sentence summary
    assert at.get("download_button")  # the CSV download


def test_a_district_is_judged_against_the_trajectory_set_for_the_own_geography():
    at = indicator_page(indicator="loneliness_often_always", area=THANET)
    assert ("The trajectory shown is the one set for Kent and Medway; Thanet is judged against it."
            in [i.value for i in at.info])
    names = [t["name"] for t in chart(at)["data"]]
    assert names[0].startswith("Thanet (solid line")
    assert any(n.startswith("Kent and Medway (") for n in names)  # the own geography as a comparator
    assert any(n.startswith("England (") for n in names) and any(n.startswith("Kent (") for n in names)


def test_own_geography_has_no_such_note():
    at = indicator_page(indicator="loneliness_often_always")
    assert not any("trajectory shown is the one set for" in i.value for i in at.info)


def test_unknown_indicator_falls_back_with_a_visible_note():
    at = indicator_page(indicator="bogus")
    assert at.selectbox(key="f_indicator").value == "loneliness_often_always"
    assert any("indicator we do not know" in w.value for w in at.main.warning)
    assert any("'bogus' is not one we know" in w.value for w in at.sidebar.warning)
    assert at.title[0].value == "People who feel lonely often or always"


def test_not_assessable_indicator_shows_data_and_reason_without_trajectory(registry):
    oflog = registry.indicator("oflog_asc1_carer_qol")
    at = indicator_page(indicator=oflog.id, area="E10000016")
    assert oflog.not_assessable_reason.rstrip(".") in text(at)
    metas = [t.get("meta") for t in chart(at)["data"]]
    assert "series" in metas and "trajectory" not in metas and "target" not in metas
    assert "comparator:X_MEDIAN_ASC" in metas
    assert not any("trajectory shown is the one set for" in i.value for i in at.info)


def test_actions_and_i_statements_of_the_outcome(registry):
    ind = registry.indicator("loneliness_often_always")
    at = indicator_page(indicator=ind.id)
    actions = next(d.value for d in at.dataframe if "Committed to" in d.value.columns)
    assert set(actions["Directorate"]) <= set(ind.directorates) and len(actions) > 0
    shown = text(at)
    for s in registry.outcome_i_statements(ind.shared_outcome):
        assert s.statement in shown


def test_choosing_another_indicator(registry):
    at = indicator_page()
    at.selectbox(key="f_indicator").set_value("frailty_emergency_admissions").run()
    assert not at.exception
    assert at.title[0].value == registry.indicator("frailty_emergency_admissions").title
    assert at.query_params["indicator"] == "frailty_emergency_admissions"  # the URL says what is shown


def test_every_indicator_renders_with_its_verdict(registry):
    at = indicator_page()
    for ind_id, ind in registry.indicators.items():
        at.selectbox(key="f_indicator").set_value(ind_id).run()
        assert not at.exception, ind_id
        assert at.title[0].value == ind.title
        assert any(m.value.startswith("**") and ("cannot be assessed" in m.value or "In " in m.value
                                                 or "no data" in m.value) for m in at.markdown), ind_id
