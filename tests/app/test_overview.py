"""The Overview (board) page on the shipped default data: counts, statuses, filters and reasons."""
from streamlit.testing.v1 import AppTest

from logframe import assessments
from logframe.trajectory import STATUS_ICON, STATUS_LABEL
from tests.conftest import ROOT

BOARD = ["loneliness_often_always", "frailty_emergency_admissions"]  # the board targets on illustrative figures
TRACKED = ("achieved", "on_track", "at_risk", "off_track")
THANET = "E07000114"


def overview(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def metrics(at) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def expected_counts(registry, snapshot, area, outcome=None):
    """Status counts of the log-frame indicators in the area, straight from assessments.assess_all."""
    inds = [i for i in assessments.select_indicators(registry, outcome=outcome) if not i.supporting]
    rows = [r for r in assessments.assess_all(registry, snapshot, inds, [area]) if r["area_code"] == area]
    counts = {s: sum(r["status"] == s for r in rows) for s in TRACKED}
    # Indicators without a row for the area have no figures there: not assessable (or no data) for it.
    counts["not_assessable"] = sum(not i.quantified for i in inds)
    counts["no_data"] = len(inds) - sum(counts.values())
    return counts


def label(status):
    return f"{STATUS_ICON[status]} {STATUS_LABEL[status]}"


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def links(at) -> dict[str, str]:
    """Page links on the page: label -> query string."""
    return {p.proto.label: p.proto.query_string for p in at.get("page_link")}


def test_status_counts_match_assess_all(registry, snapshot):
    at = overview()
    want = expected_counts(registry, snapshot, "E54000032")
    shown = metrics(at)
    for status in TRACKED + ("not_assessable",):
        assert shown[label(status)] == want[status], status
    assert (label("no_data") in shown) == bool(want["no_data"])
    n = sum(want[s] for s in TRACKED) + want["no_data"]
    summary = next(m.value for m in at.markdown if "indicators with a trajectory" in m.value)
    assert f"Kent and Medway: of {n} indicators with a trajectory, {want['achieved']} achieved" in summary
    assert f"{want['not_assessable']} more cannot be assessed" in summary


def test_board_indicators_appear_with_their_status_words(registry, snapshot):
    at = overview()
    shown = text(at)
    rows = {r["indicator_id"]: r for r in assessments.assess_all(
        registry, snapshot, [registry.indicator(i) for i in BOARD], ["E54000032"])}
    for ind_id in BOARD:
        ind, status = registry.indicator(ind_id), rows[ind_id]["status"]
        assert links(at)[ind.title] == f"indicator={ind_id}&area=E54000032"
        # the status pill says icon and word, and the row's sparkline names the indicator and its status
        assert label(status) in shown
        assert f"{ind.title}, Kent and Medway" in shown and f"; {STATUS_LABEL[status].lower()}." in shown


def test_filter_by_outcome(registry, snapshot):
    at = overview(outcome="SO2")
    titles = links(at)
    assert registry.indicator("loneliness_often_always").title in titles
    assert registry.indicator("frailty_emergency_admissions").title not in titles
    assert all(registry.indicators[q.split("&")[0].removeprefix("indicator=")].shared_outcome == "SO2"
               for q in titles.values())
    want = expected_counts(registry, snapshot, "E54000032", "SO2")
    assert all(metrics(at)[label(s)] == want[s] for s in TRACKED)


def test_filter_by_area_a_district(registry, snapshot):
    at = overview()
    at.sidebar.selectbox(key="f_area").set_value(THANET).run()
    assert not at.exception
    want = expected_counts(registry, snapshot, THANET)
    assert all(metrics(at)[label(s)] == want[s] for s in TRACKED)
    assert "Thanet: of " in text(at)
    assert links(at)[registry.indicator("loneliness_often_always").title] == \
        f"indicator=loneliness_often_always&area={THANET}"


def test_not_assessable_indicator_says_why(registry):
    at = overview()
    shown = text(at)
    for ind_id in ("kcc_spend_in_county", "diabetes_complications", "net_zero_progress_nhs_la"):
        ind = registry.indicator(ind_id)
        assert ind.title in links(at)
        assert ind.not_assessable_reason in shown
    expanders = [e.label for e in at.expander]
    assert any("cannot be assessed against a trajectory" in e for e in expanders)


def test_supporting_measures_are_listed_separately_with_latest_value(registry):
    at = overview()
    assert any(h.value == "Supporting measures (no target)" for h in at.subheader)
    oflog = registry.indicator("oflog_asc1_carer_qol")
    # no Kent and Medway figures: the measure's own area, Kent, is shown and linked
    assert links(at)[oflog.title] == "indicator=oflog_asc1_carer_qol&area=E10000016"
    assert "(Kent)" in text(at)
