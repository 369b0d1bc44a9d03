"""Board-grade statistics on the shipped default data: SPC, recent trend, comparisons and which methods apply on the
Indicator page; status over time and the board pack download on the Overview. Statistical findings are computed
from the same query data through stats (the methods are proven in tests/unit); statuses are written down."""
import html
import json

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from logframe import assessments, boardpack, present, stats
from logframe.present import format_value
from logframe.registry import load_registry
from tests.app.conftest import open_page, page_text

KM, KENT, ENGLAND, THANET = "E54000032", "E10000016", "E92000001", "E07000114"
FRAILTY, LONELY = "frailty_emergency_admissions", "loneliness_often_always"


def page(path="pages/indicator.py", **params) -> AppTest:
    return open_page(path, **params)


def text(at) -> str:
    """What the page says, with the Markdown escapes of computed text removed."""
    return page_text(at).replace("\\", "").replace("\u2060", "")


def series(snapshot, ind_id, area):
    obs = assessments.observations(snapshot, [ind_id], [area])
    return obs[obs["value"].notna()].sort_values("position")


def assessment(registry, snapshot, ind_id, area):
    return assessments.assess(registry, snapshot, area, indicator=ind_id)[0]


def spc_spec(at) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if {"mean", "ucl", "lcl"} <= {t.get("meta") for t in s["data"]})


def test_frailty_page_shows_an_xmr_chart_with_variation_and_assurance(registry, snapshot):
    ind = registry.indicator(FRAILTY)
    rows = series(snapshot, FRAILTY, KM)
    assert rows["period_kind"].iloc[-1] == "month"
    values = rows["value"].astype(float).tolist()
    spc = stats.xmr(values, ind.polarity, target=ind.target_value, comparator=ind.target_comparator,
                    screen=ind.spc_screening)
    milestone = assessment(registry, snapshot, FRAILTY, KM).milestone
    by_milestone = stats.assurance(spc, milestone, ind.polarity, ind.target_comparator)

    at = page(indicator=FRAILTY)
    shown = text(at)
    assert "Statistical process control (XmR chart)" in shown
    variation = next(m.value for m in at.markdown if m.value.startswith("**Variation"))
    assert f"{present.VARIATION_ICON[spc.variation]} {present.VARIATION_LABEL[spc.variation]}" in variation
    assert f"({present.period_text(rows['period'].iloc[-1])})" in variation
    assert (f"**Assurance against the target ({present.target_text(ind)})**: "
            f"{present.ASSURANCE_ICON[spc.assurance]} {present.ASSURANCE_LABEL[spc.assurance]}") in variation
    milestone_words = present.ASSURANCE_LABEL[by_milestone].replace("the target", "the milestone")
    assert f"{present.ASSURANCE_ICON[by_milestone]} {milestone_words}" in variation
    assert f"Mean {format_value(ind.unit, spc.mean)}" in shown
    assert present.SPC_METHOD_LABEL[ind.spc_screening] in shown  # the caption names the reference

    fig = spc_spec(at)
    meta = {t.get("meta"): t for t in fig["data"]}
    assert meta["mean"]["y"][0] == pytest.approx(spc.mean) and meta["ucl"]["y"][0] == pytest.approx(spc.ucl)
    assert meta["lcl"]["line"]["dash"] == "dash" and {"target", "milestone", "values"} <= set(meta)
    kinds = {p.kind for p in spc.points if p.special_cause}
    assert {f"spc_{k}" for k in kinds} <= set(meta)
    # the chart's title is a heading above it (it wraps on a phone), its legend a key below it
    assert not fig["layout"].get("title", {}).get("text") and fig["layout"]["showlegend"] is False
    heading = next(m.value for m in at.markdown if m.value.startswith("##### ") and "XmR chart" in m.value)
    assert "Illustrative data: generated, not measured" in heading
    assert any('aria-label="Key to the XmR chart"' in m.value and "Process limits (dashed)" in m.value
               for m in at.markdown)
    assert "XmR chart of emergency admissions for people who are frail in Kent and Medway" in shown  # summary
    table = next(d.value for d in at.dataframe if "Special cause rule(s)" in d.value.columns)
    assert len(table) == len(values) and table["Period"].tolist() == rows["period"].tolist()
    assert ("✔ **SPC**: applies; Making Data Count XmR chart as NHSRplotthedots 0.2.2 computes it (moving ranges "
            "screened): an XmR chart of 51 monthly points.") in shown
    assert "✖ **Recent trend**: does not apply" in shown


def test_loneliness_page_shows_recent_trend_comparison_and_why_spc_does_not_apply(registry, snapshot):
    ind = registry.indicator(LONELY)
    rows = series(snapshot, LONELY, KM)
    assert rows["period_kind"].iloc[-1] == "financial_year"
    trend = stats.recent_trend([(r.position, r.value, r.numerator, r.denominator, r.lower_ci, r.upper_ci)
                                for r in rows.itertuples()], ind.polarity, counts_are_proportions=ind.unit == "percent")
    eng = series(snapshot, LONELY, ENGLAND)
    latest = rows.iloc[-1]
    ref = eng[eng["period"] == latest["period"]].iloc[0]
    comparison = stats.compare_ci(latest["value"], latest["lower_ci"], latest["upper_ci"], ref["value"],
                                  ref["lower_ci"], ref["upper_ci"], ind.polarity)

    at = page(indicator=LONELY)
    shown = text(at)
    assert "#### Recent trend" in shown
    assert f"{present.trend_icon(trend)} {present.trend_label(trend)}, {rows['period'].iloc[-5]} to {latest['period']}" in shown
    assert present.trend_reason(trend) in shown
    # The caption under the trend names the Fingertips method and its level.
    assert f"{present.TREND_METHOD_LABEL[trend.method]}, over the last five points: {present.trend_reason(trend)}." in \
        [c.value for c in at.caption]
    # Fingertips' default comparison (Kent and Medway's CI against England's value), named on the page.
    where = "within" if comparison == "similar" else "outside"
    assert (f"{present.COMPARISON_ICON[comparison]} {present.COMPARISON_LABEL[comparison]} England "
            f"(England's value lies {where} the 95% CI)") in shown
    assert present.COMPARISON_METHOD_LABEL["value_in_ci"] in shown
    assert (f"✖ **SPC**: does not apply; SPC needs at least 12 points; this series has {len(rows)} annual points"
            in shown)
    assert "Statistical process control" not in shown and not any(
        {"mean", "ucl"} <= {t.get("meta") for t in json.loads(c.proto.spec)["data"]} for c in at.get("plotly_chart"))
    assert "✔ **Comparison with districts**: applies" in shown
    assert any(p.proto.label == "Compare the districts with Kent" for p in at.get("page_link"))


def test_a_district_is_compared_with_england_and_kent(registry, snapshot):
    ind = registry.indicator(LONELY)
    at = page(indicator=LONELY, area=THANET)
    shown = text(at)
    assert "#### Compared with England and Kent" in shown
    mine = series(snapshot, LONELY, THANET).iloc[-1]
    for code, name in ((ENGLAND, "England"), (KENT, "Kent")):
        ref = series(snapshot, LONELY, code)
        ref = ref[ref["period"] == mine["period"]].iloc[0]
        c = stats.compare_ci(mine["value"], mine["lower_ci"], mine["upper_ci"], ref["value"], ref["lower_ci"],
                             ref["upper_ci"], ind.polarity)
        assert f"{present.COMPARISON_ICON[c]} {present.COMPARISON_LABEL[c]} {name} (" in shown


def test_kent_is_compared_with_kent_and_medway():
    at = page(indicator=LONELY, area=KENT)
    assert "#### Compared with England and Kent and Medway" in text(at)


def test_indicator_page_says_how_the_status_has_moved():
    # loneliness: at risk in 2023/24 (6.9% against 6.44%) and in 2024/25 (6.8% against 6.15%)
    assert "Status over time: Unchanged (at risk) since 2023/24." in text(page(indicator=LONELY))


def test_overview_says_which_statuses_moved_in_bold_and_which_did_not():
    import re
    at = page(path=None)
    captions = [re.sub(r"<strong>(.*?)</strong>", r"**\1**", r["lf-note"].strip())
                for m in at.markdown for r in [{"lf-note": x} for x in re.findall(
                    r'<span class="lf-note">(.*?)</span>', m.value)]]
    # year 6 healthy weight and physical inactivity reached their targets in 2024/25, GP experience in 2024
    assert captions.count("**Moved from on track to achieved since 2023/24**") == 2
    assert "**Moved from on track to achieved since 2023**" in captions
    assert "Unchanged (at risk) since February 2025" in captions  # frailty: monthly periods in words


@pytest.fixture
def media(monkeypatch):
    """The bytes of every file the app hands to Streamlit's media store, by URL (AppTest keeps no store after a run)."""
    files = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = load(self, path_or_data, mimetype, kind, filename)
        files[self.get_url(file_id)] = (path_or_data, mimetype, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


def test_board_pack_is_prepared_on_request_and_downloads_as_html(registry, media):
    at = page(path=None)
    assert not [b for b in at.get("download_button") if b.proto.label.startswith("Download the board pack")]
    at.button(key="boardpack_prepare").click().run()
    assert not at.exception
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("boardpack_download"))
    assert button.proto.label == "Download the board pack (HTML)"
    data, mimetype, filename = media[button.proto.url]
    assert mimetype == "text/html" and filename == boardpack.filename(KM, None)
    pack = data.decode("utf-8")
    assert pack.startswith("<!DOCTYPE html>") and boardpack.title(load_registry()) in pack
    for ind in assessments.select_indicators(registry):
        if ind.quantified:
            assert html.escape(ind.title) in pack, ind.title
    block = boardpack.read_previous(pack)
    assert block["area"] == KM


def test_board_pack_follows_the_outcome_filter(registry, media):
    at = page(path=None, outcome="SO2")
    at.button(key="boardpack_prepare").click().run()
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("boardpack_download"))
    data, _, filename = media[button.proto.url]
    assert filename == boardpack.filename(KM, "SO2")
    block = boardpack.read_previous(data.decode("utf-8"))
    assert block["outcome"] == "SO2"
    assert {registry.indicators[i].shared_outcome for i in block["indicators"]} == {"SO2"}
