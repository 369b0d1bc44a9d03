"""The Overview (board) page on the shipped default data: literal statuses, counts, filters and reasons.

The expected statuses are written out by hand for the shipped extracts (python -m logframe generate): the
illustrative stories the generator tells and the real ASCOF and ONS figures, not recomputed with the code under test.
"""
import pytest

from logframe.present import STATUS_ICON, STATUS_LABEL
from tests.app.conftest import open_page, overview_rows, page_text

THANET, MEDWAY = "E07000114", "E06000035"

# Kent and Medway, the default view: each indicator at its own geography.
DEFAULT = {
    "smoking_at_time_of_delivery": ("On track", "7.6%", "2024/25"),
    "year6_healthy_weight": ("Achieved", "63%", "2024/25"),
    "pupil_absence_rate": ("Achieved", "4.7%", "2024/25"),
    "eyfs_good_level_of_development": ("Off track", "64.8%", "2024/25"),
    "child_relative_poverty": ("On track", "17.4%", "2024"),
    "loneliness_often_always": ("At risk", "6.8%", "2024/25"),
    "physical_inactivity_adults": ("Achieved", "19.8%", "2024/25"),
    "overweight_obese_adults": ("Off track", "64.6%", "2024/25"),
    "alcohol_admissions": ("On track", "404.9 per 100,000", "March 2025"),
    "frailty_emergency_admissions": ("At risk", "4,687.1 per 100,000", "March 2025"),
    "smoking_routine_manual_kent": ("On track", "22.4%", "2024"),  # Kent's own indicator, Kent's figure
    "smoking_routine_manual_medway": ("At risk", "18.4%", "2024"),
    "gp_appointment_experience_good": ("Achieved", "61.1%", "2024"),
    # real figures that cannot be judged: older than the baseline, or published only for Kent and for Medway
    "reablement_still_home_91_days_kent": ("No data", "86.8%", "2020/21"),
    "mh_secondary_care_paid_employment": ("No data", None, None),
    "economic_inactivity_16_64": ("No data", None, None),
    "carer_satisfaction_very_satisfied": ("No data", None, None),
    "employment_rate_kent": ("Not assessable", "75.9%", "2023"),
}


def metrics(at) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def label(status):
    return f"{STATUS_ICON[status]} {STATUS_LABEL[status]}"


def links(at) -> dict[str, str]:
    """Page links on the page: label -> query string."""
    return {p.proto.label: p.proto.query_string for p in at.get("page_link")}


def test_every_status_value_and_period_as_expected():
    rows = overview_rows(open_page())
    for ind_id, want in DEFAULT.items():
        assert rows[ind_id] == want, ind_id
    assert len(rows) == 55  # every log-frame indicator: none is set for an area outside Kent and Medway


def test_counts_and_what_they_rest_on():
    at = open_page()
    assert metrics(at) == {label("achieved"): 4, label("on_track"): 4, label("at_risk"): 3, label("off_track"): 2,
                           label("no_data"): 4, label("not_assessable"): 38}
    text = page_text(at).replace("\\", "").replace("\u2060", "")
    assert "Kent and Medway: of 17 indicators with a trajectory, 4 achieved, 4 on track, 3 at risk, 2 off track and " \
           "4 with no data. 38 more cannot be assessed" in text
    assert "Showing Kent and Medway, latest figures." in text
    assert "Judged on real figures: 0; on illustrative (generated) figures: 13. 4 more have real figures but no " \
           "status" in text
    assert any("Illustrative data" in w.value for w in at.warning)


def test_a_district_is_judged_against_the_larger_areas_trajectory_and_medway_targets_go():
    at = open_page(area=THANET)
    rows = overview_rows(at)
    assert "smoking_routine_manual_medway" not in rows and "reablement_still_home_91_days_medway" not in rows
    # ONS: Thanet 21.2% (95% CI 11.7% to 30.7%) against the Kent and Medway milestone of 20.9% for 2023
    assert rows["economic_inactivity_16_64"] == ("At risk", "21.2%", "2023")
    assert rows["smoking_routine_manual_kent"] == ("Off track", "28.8%", "2024")  # against Kent's trajectory
    captions = "\n".join(c.value for c in at.caption).replace("\\", "").replace("\u2060", "")
    assert "Thanet, against the Kent and Medway trajectory" in captions
    assert "Thanet, against the Kent trajectory" in captions
    assert metrics(at)[label("at_risk")] == 8
    assert links(at)["People who feel lonely often or always"] == f"indicator=loneliness_often_always&area={THANET}"


def test_medway_lists_its_own_targets_and_not_kents():
    rows = overview_rows(open_page(area=MEDWAY))
    assert "smoking_routine_manual_kent" not in rows and "kcc_spend_in_county" not in rows
    assert rows["smoking_routine_manual_medway"] == ("At risk", "18.4%", "2024")
    assert rows["economic_inactivity_16_64"] == ("On track", "20%", "2023")  # ONS: 20.0%, better than 20.9%


def test_filter_by_outcome():
    at = open_page(outcome="SO2")
    rows = overview_rows(at)
    assert rows["loneliness_often_always"] == DEFAULT["loneliness_often_always"]
    assert "frailty_emergency_admissions" not in rows
    assert metrics(at)[label("at_risk")] == 1 and metrics(at)[label("no_data")] == 2


def test_not_assessable_indicator_says_why(registry):
    at = open_page()
    shown = page_text(at).replace("\\", "").replace("\u2060", "")
    for ind_id in ("kcc_spend_in_county", "diabetes_complications", "net_zero_progress_nhs_la"):
        ind = registry.indicator(ind_id)
        assert ind.title in links(at)
        assert ind.not_assessable_reason in shown
    assert any("cannot be assessed against a trajectory" in e.label for e in at.expander)


def test_supporting_measures_show_the_parts_where_kent_and_medway_has_none(registry):
    at = open_page()
    assert any(h.value == "Supporting measures (no target)" for h in at.subheader)
    shown = page_text(at).replace("\\", "").replace("\u2060", "")
    assert "Kent 6.7 in 2021/22; Medway" in shown  # Oflog ASC1, published for each council, not for both
    assert links(at)[registry.indicator("oflog_asc1_carer_qol").title] == "indicator=oflog_asc1_carer_qol&area=E54000032"


@pytest.mark.parametrize("value", ["nowhere", "X_MEDIAN_ASC"])
def test_an_area_the_dashboard_does_not_offer_falls_back_to_the_default(value):
    at = open_page(area=value)
    assert at.sidebar.selectbox(key="f_area").value == "E54000032"
    assert overview_rows(at)["loneliness_often_always"] == DEFAULT["loneliness_often_always"]
