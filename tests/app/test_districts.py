"""The Districts page on the shipped default data: 13 areas against Kent, the summary, the map, links."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from logframe import districts, maps
from logframe.present import COMPARISON_ICON, COMPARISON_LABEL, format_value
from logframe.stats import compare_ci
from tests.app.conftest import open_page, page_text

LONELY, GP = "loneliness_often_always", "gp_appointment_experience_good"
KENT, THANET = "E10000016", "E07000114"


def districts_page(**params) -> AppTest:
    return open_page("pages/districts.py", **params)


def text(at) -> str:
    """What the page says, with the Markdown escapes of computed text removed."""
    return page_text(at).replace("\\", "").replace("\u2060", "")


def summary(at) -> str:
    return next(m.value.strip("*").replace("\\", "").replace("\u2060", "") for m in at.markdown if m.value.startswith("**In "))


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def coverage(snapshot, registry):
    return snapshot.run("district_coverage", district_codes=[a.code for a in registry.districts()])


def expected(snapshot, registry, ind_id, period) -> dict[str, str]:
    """Area name -> comparison with Kent, from the query results and stats.compare_ci directly."""
    ind = registry.indicator(ind_id)
    rows = snapshot.run("district_values", indicator_id=ind_id, period=period,
                        area_codes=districts.query_areas(registry)).set_index("area_code")
    k = rows.loc[KENT]
    return {registry.area_name(code): compare_ci(rows.loc[code, "value"], rows.loc[code, "lower_ci"],
                                                 rows.loc[code, "upper_ci"], k["value"], k["lower_ci"],
                                                 k["upper_ci"], ind.polarity)
            for code in districts.mapped_areas(registry)}


def test_default_is_loneliness_latest_period_13_areas_kent_reference_and_comparisons(registry, snapshot):
    at = districts_page()
    assert at.selectbox(key="f_indicator").value == LONELY
    periods = districts.district_periods(coverage(snapshot, registry), LONELY)
    assert at.selectbox(key="district_period").value == periods[-1]
    table = at.dataframe[0].value
    assert len(table) == 13
    assert set(table["Area"]) == {registry.area_name(c) for c in districts.mapped_areas(registry)}
    want = expected(snapshot, registry, LONELY, periods[-1])
    assert dict(zip(table["Area"], table["Compared with Kent"])) == {
        name: f"{COMPARISON_ICON[c]} {COMPARISON_LABEL[c]} Kent" for name, c in want.items()}
    kent = snapshot.run("district_values", indicator_id=LONELY, period=periods[-1], area_codes=[KENT]).iloc[0]
    kent_text = format_value("percent", kent["value"])
    assert f"Reference values for {periods[-1]}: Kent {kent_text} (95% CI" in text(at)
    bar = charts(at)[0]
    assert any(a["text"] == f"Kent {kent_text}" for a in bar["layout"]["annotations"])  # the labelled line
    assert any(s["type"] == "line" and s["x0"] == kent["value"] for s in bar["layout"]["shapes"])
    assert "Similar to Kent" in text(at)  # the key says what the markers mean
    assert "Illustrative data" in text(at) and "illustrative data" in bar["layout"]["title"]["text"]


@pytest.mark.parametrize("ind_id", [LONELY, GP, "economic_inactivity_16_64"])
def test_summary_names_exactly_the_areas_compare_ci_finds_worse(registry, snapshot, ind_id):
    at = districts_page(indicator=ind_id)
    period = at.selectbox(key="district_period").value
    want = expected(snapshot, registry, ind_id, period)
    worse = {n for n, c in want.items() if c == "worse"}
    sentence = summary(at)
    assert sentence.startswith(f"In {period}, ")
    if worse:
        verb = "was" if len(worse) == 1 else "were"
        clause = sentence.split(f"{len(worse)} {verb} significantly worse than Kent: ", 1)[1].split(";")[0]
        assert set(clause.rstrip(".").split(", ")) == worse
    else:
        assert "worse" not in sentence
    similar = sum(c == "similar" for c in want.values())
    assert f"{similar} were similar" in sentence or f"all {similar} were similar" in sentence


def test_gp_experience_has_worse_districts_on_the_default_data(registry, snapshot):
    # Guards the test above: at least one indicator in the shipped data exercises the 'worse' list.
    at = districts_page(indicator=GP)
    period = at.selectbox(key="district_period").value
    assert sum(c == "worse" for c in expected(snapshot, registry, GP, period).values()) >= 2
    assert "significantly worse than Kent: " in summary(at)


def test_changing_period_shows_that_period(registry, snapshot):
    at = districts_page()
    periods = districts.district_periods(coverage(snapshot, registry), LONELY)
    first = periods[0]
    at.selectbox(key="district_period").set_value(first).run()
    assert not at.exception
    assert summary(at).startswith(f"In {first}, ")
    rows = snapshot.run("district_values", indicator_id=LONELY, period=first,
                        area_codes=districts.mapped_areas(registry))
    shown = dict(zip(at.dataframe[0].value["Area"], at.dataframe[0].value["Value"]))
    assert shown == {registry.area_name(c): format_value("percent", v)
                     for c, v in zip(rows["area_code"], rows["value"])}
    assert first in charts(at)[1]["layout"]["title"]["text"]


def test_changing_indicator_resets_to_its_latest_period(registry, snapshot):
    at = districts_page()
    at.selectbox(key="district_period").set_value("2019/20").run()
    at.selectbox(key="f_indicator").set_value(GP).run()
    assert not at.exception
    assert at.selectbox(key="district_period").value == districts.district_periods(coverage(snapshot, registry),
                                                                                   GP)[-1]
    assert at.query_params["indicator"] in (GP, [GP])  # the view is shareable


def test_map_spec_has_every_area_on_the_boundary_file_and_the_attribution(registry):
    at = districts_page()
    spec = charts(at)[1]
    located = [c for t in spec["data"] if t["type"] == "choropleth" for c in t["locations"]]
    assert sorted(located) == sorted(districts.mapped_areas(registry))
    features = {f["properties"]["LAD24CD"] for t in spec["data"] if t["type"] == "choropleth"
                for f in t["geojson"]["features"]}
    assert set(located) <= features
    assert all(t["featureidkey"] == "properties.LAD24CD" for t in spec["data"] if t["type"] == "choropleth")
    assert spec["layout"]["geo"]["visible"] is False and spec["layout"]["geo"]["fitbounds"] == "locations"
    assert maps.ATTRIBUTION in [c.value for c in at.caption]
    assert maps.ATTRIBUTION.startswith("Source: Office for National Statistics licensed under the Open Government "
                                       "Licence v.3.0. Contains OS data © Crown copyright and database right 2024.")
    # Offline: plotly is handed an inline empty topology instead of fetching one from its CDN.
    config = json.loads(at.get("plotly_chart")[1].proto.config)
    assert config["topojsonURL"] == maps.EMPTY_TOPOJSON_URL
    assert all(c.proto.alt for c in at.get("plotly_chart"))  # every chart has alt text


def test_picking_a_district_offers_its_indicator_page(registry):
    at = districts_page()
    at.selectbox(key="district_pick").set_value(THANET).run()
    assert not at.exception
    link = at.get("page_link")[0].proto
    assert "Thanet" in link.label and link.query_string == f"indicator={LONELY}&area={THANET}"
    assert any(m.value.startswith("**Thanet**, ") for m in at.markdown)
    bar = charts(at)[0]
    assert "▶ <b>Thanet</b>" in bar["layout"]["yaxis"]["categoryarray"]


def test_a_district_in_the_link_is_picked(registry):
    at = districts_page(area=THANET)
    assert at.selectbox(key="district_pick").value == THANET


def test_indicator_without_district_data_falls_back_and_says_so(registry):
    at = districts_page(indicator="oflog_asc2_quality_of_life")
    assert at.selectbox(key="f_indicator").value == LONELY
    assert "has no district figures" in text(at)
