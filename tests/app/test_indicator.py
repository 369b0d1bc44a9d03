"""The Indicator page on the shipped default data: the one verdict, the chart, the data, the plan beside the published
record, and the filters."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page, page_text

KM, KENT, MEDWAY, THANET = "E54000032", "E10000016", "E06000035", "E07000114"


def indicator_page(**params) -> AppTest:
    return open_page("pages/indicator.py", **params)


def text(at) -> str:
    """What the page says, with the Markdown escapes of text from outside removed."""
    return page_text(at).replace("\\", "").replace("\u2060", "")


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("ind_id, verdict", [
    ("loneliness_often_always",
     "In 2024/25, people who feel lonely often or always in Kent and Medway was 6.8% (95% CI 6.23% to 7.37%) against "
     "a milestone of 6.15%: at risk, yet at its rate since 2020/21 it falls short of the target by 2028/29."),
    ("frailty_emergency_admissions",
     "In March 2025, emergency admissions for people who are frail in Kent and Medway was 4,687.1 per 100,000"),
])
def test_board_target_on_illustrative_figures(registry, ind_id, verdict):
    ind = registry.indicator(ind_id)
    at = indicator_page(indicator=ind_id)
    assert at.selectbox(key="f_indicator").value == ind_id
    assert verdict in text(at)
    spec = chart(at)
    assert {"series", "trajectory", "target", "baseline"} <= {t.get("meta") for t in spec["data"]}
    assert any(m.value.startswith("##### ") and "Illustrative data" in m.value for m in at.markdown)  # its heading
    assert any("Illustrative data" in w.value for w in at.warning)  # every figure on the page is illustrative
    table = next(d.value for d in at.dataframe if "Status against the milestone" in d.value.columns)
    assert {"Period", "Lower 95% CI", "Status against the milestone", "Source file", "File modified"} <= \
        set(table.columns)
    assert all(not str(f).startswith("/") for f in table["Source file"].dropna())  # no server path
    shown = text(at)
    assert ind.statement in shown and ind.definition in shown and "Chart of " in shown
    assert "Judged on illustrative figures from illustrative/" in shown
    assert at.get("download_button")  # the CSV download
    assert set(table.loc[table["Value (%)" if ind.unit == "percent" else "Value (per 100,000)"].notna(), "Basis"]) \
        == {"illustrative"}


def test_reablement_is_real_older_than_the_baseline_and_not_judged(registry):
    at = indicator_page(indicator="reablement_still_home_91_days_kent")
    shown = text(at)
    assert "In 2020/21, older people (65+) still at home 91 days after discharge into reablement - Kent in Kent was " \
           "86.8% (95% CI 84.29% to 88.9%), before the baseline period 2021/22: no status" in shown
    assert "Shown: real figures from real/ascof/meas-from-asc-of-eng-2021-open-data.parquet" in shown
    assert not any("Illustrative data" in w.value for w in at.warning)
    # Kent's own target under Kent and Medway: Kent's figure, and the page says why
    assert any("The target is set for Kent, which lies inside Kent and Medway" in i.value for i in at.info)
    assert [t["name"].split(" (")[0] for t in chart(at)["data"] if t.get("meta") == "series"] == ["Kent"]
    table = next(d.value for d in at.dataframe if "Status against the milestone" in d.value.columns)
    kent = table[table["Area"] == "Kent"]
    assert kent["Value (%)"].tolist() == [82.0, 88.0, 86.8]  # ASCOF 2018/19 to 2020/21, as published
    assert kent["Status against the milestone"].tolist() == ["Before the baseline"] * 3


def test_the_plan_beside_the_published_record_where_there_is_one():
    at = indicator_page(indicator="economic_inactivity_16_64")
    shown = text(at)
    assert "The plan: 20.9% in 2023 (Kent and Medway). Published for 2023: Kent 21.1% (95% CI 18.4% to 23.8%); " \
           "Medway 20% (95% CI 15.9% to 24.1%) (no published figure for Kent and Medway itself)" in shown
    assert "The trajectory uses the plan's figure, as printed." in shown
    # no Kent and Medway figure: the parts are shown, not judged, and drawn as lines
    assert "There is no Kent and Medway figure for economically inactive people aged 16-64; the figures for its " \
           "parts are Kent 21.1% in 2023; Medway 20% in 2023" in shown
    names = [t["name"] for t in chart(at)["data"]]
    assert any(n.startswith("Kent (") for n in names) and any(n.startswith("Medway (") for n in names)


def test_a_district_is_judged_against_the_trajectory_set_for_the_own_geography():
    at = indicator_page(indicator="loneliness_often_always", area=THANET)
    assert "Thanet is judged against the trajectory set for Kent and Medway." in [i.value.replace("\\", "").replace("\u2060", "")
                                                                                    for i in at.info]
    names = [t["name"] for t in chart(at)["data"]]
    assert names[0].startswith("Thanet (solid line")
    assert any(n.startswith("Kent and Medway (") for n in names)  # the own geography as a comparator
    assert any(n.startswith("England (") for n in names) and any(n.startswith("Kent (") for n in names)


def test_own_geography_has_no_such_note():
    at = indicator_page(indicator="loneliness_often_always")
    assert not any("judged against the trajectory set for" in i.value for i in at.info)


def test_an_indicator_set_for_an_area_that_does_not_overlap_says_so():
    at = indicator_page(indicator="smoking_routine_manual_medway", area=THANET)
    assert any("target is set for Medway, which does not overlap Thanet" in i.value for i in at.info)
    assert [p.proto.query_string for p in at.get("page_link") if "Open it for" in p.proto.label] == \
        [f"indicator=smoking_routine_manual_medway&area={MEDWAY}"]
    assert not at.get("plotly_chart")


def test_the_outcome_filter_narrows_the_list_and_a_link_outside_it_offers_to_clear_it(registry):
    at = indicator_page(outcome="SO3")
    options = at.selectbox(key="f_indicator").options
    assert options and all(o.startswith("SO3 · ") for o in options)
    at = indicator_page(outcome="SO3", indicator="loneliness_often_always")
    assert any("outside the filters in the sidebar (shared outcome SO2" in i.value for i in at.info)
    at.button(key="clear_filters").click().run()
    assert not at.exception
    assert at.sidebar.selectbox(key="f_outcome").value == "all"  # All shared outcomes
    assert at.title[0].value == "People who feel lonely often or always"


def test_unknown_indicator_falls_back_with_a_visible_note():
    at = indicator_page(indicator="bogus")
    assert at.selectbox(key="f_indicator").value == "loneliness_often_always"
    # said in the main column, where a phone shows it (its sidebar starts collapsed)
    assert any("'bogus' is not one we know" in w.value.replace("\\", "").replace("\u2060", "") for w in at.main.warning)
    assert not at.sidebar.warning
    assert at.title[0].value == "People who feel lonely often or always"


def test_a_supporting_measure_shows_data_and_reason_without_trajectory(registry):
    oflog = registry.indicator("oflog_asc1_carer_qol")
    at = indicator_page(indicator=oflog.id, area=KENT)
    assert "Supporting measure: no target in the log-frame" in text(at)
    metas = [t.get("meta") for t in chart(at)["data"]]
    assert "series" in metas and "trajectory" not in metas and "target" not in metas
    assert "comparator:X_MEDIAN_ASC" in metas


def test_actions_and_i_statements_of_the_outcome(registry):
    ind = registry.indicator("loneliness_often_always")
    at = indicator_page(indicator=ind.id)
    actions = next(d.value for d in at.dataframe if "Committed to" in d.value.columns)
    assert set(actions["Directorate"]) <= set(ind.directorates) and len(actions) > 0
    shown = page_text(at)
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
                                                 or "no data" in m.value or "There is no" in m.value)
                   for m in at.markdown), ind_id
