"""The Overview (board) page on the shipped default data: literal statuses, counts, filters and reasons.

The expected statuses are written out by hand for the shipped extracts (python -m logframe generate): the
illustrative stories the generator tells and the real ASCOF and ONS figures, not recomputed with the code under test.
"""
import pytest

from logframe import present
from logframe.present import STATUS_ICON, STATUS_LABEL
from tests.app.conftest import open_page, overview_counts, overview_html, overview_rows, page_text

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
    return {k: v for k, v in overview_counts(at).items() if not k.startswith("Supporting")}


def label(status):
    return f"{STATUS_ICON[status]} {STATUS_LABEL[status]}"


def links(at) -> dict[str, str]:
    """Links to indicator pages on the page: title -> query string."""
    return {title: href.split("?", 1)[1] for title, href in overview_html(at).links.items()
            if href.startswith("indicator?")}


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
    # Real and illustrative figures side by side: no page-wide label, each row names its own basis instead.
    assert not any("Illustrative data" in w.value for w in at.warning)


def test_every_figure_names_its_basis_on_its_own_row():
    rows = overview_html(open_page()).rows
    latest = {i: " ".join(r["lf-latest"].split()) for i, r in rows.items() if "lf-latest" in r}
    assert latest["loneliness_often_always"].endswith("Illustrative")  # generated
    assert latest["reablement_still_home_91_days_kent"].endswith("Real")  # ASCOF 2020/21, before the baseline
    assert latest["carer_satisfaction_very_satisfied"].endswith("Real")  # the parts' published figures
    assert latest["oflog_asc1_carer_qol"].endswith("Real")
    for ind, text in latest.items():
        if any(ch.isdigit() for ch in text):  # a figure is shown: so is its basis
            assert text.endswith(("Real", "Derived", "Illustrative")), (ind, text)


def test_the_boards_targets_lead_the_page_with_each_reason_in_plain_view(registry):
    at = open_page()
    blocks = [m.value for m in at.markdown]
    first_table = next(i for i, b in enumerate(blocks) if "<table" in b)
    assert any('class="lf-targets"' in b for b in blocks[:first_table])  # above every outcome
    cards = overview_html(at).cards
    assert list(cards) == [i.id for i in registry.indicators.values() if i.board_target]
    frailty = {k: " ".join(v.split()) for k, v in cards["frailty_emergency_admissions"].items()}
    assert "At risk" in frailty["lf-card-status"] and "Illustrative" in frailty["lf-card-status"]
    assert frailty["lf-card-figure"].startswith("4,687.1 per 100,000 in March 2025")
    # The status and the projection point different ways: the card says both, in words on the card, not a tooltip.
    assert frailty["lf-card-reason"] == (
        "At risk: worse than the milestone, but the milestone is within the value's 95% confidence interval; yet "
        "since July 2023 it has risen 6.49 per 100,000 a year, away from the target: at that rate 4,556 per 100,000 "
        "is never reached.")
    carers = " ".join(cards["carer_satisfaction_very_satisfied"]["lf-card-figure"].split())
    assert carers.startswith("Kent 38.3% in 2018/19; Medway 41.6% in 2018/19")
    assert "title=" not in "".join(b for b in blocks if 'class="lf-targets"' in b)


def test_a_view_without_a_board_target_says_so():
    at = open_page(outcome="SO1")
    assert "None of the 4 targets the board tracks lies within the filters." in page_text(at)


def test_the_page_is_a_handful_of_elements_however_many_indicators():
    """Each outcome's table is one element: a rerun costs the same whether it lists 5 indicators or 74."""
    at = open_page()
    assert len(at.main.markdown) <= 15
    assert not at.main.get("page_link") and len(at.main.columns) <= 2  # no grid of columns and page links per row


def test_a_district_is_judged_against_the_larger_areas_trajectory_and_medway_targets_go():
    at = open_page(area=THANET)
    rows = overview_rows(at)
    assert "smoking_routine_manual_medway" not in rows and "reablement_still_home_91_days_medway" not in rows
    # ONS: Thanet 21.2% (95% CI 11.7% to 30.7%) against the Kent and Medway milestone of 20.9% for 2023
    assert rows["economic_inactivity_16_64"] == ("At risk", "21.2%", "2023")
    assert rows["smoking_routine_manual_kent"] == ("Off track", "28.8%", "2024")  # against Kent's trajectory
    notes = "\n".join(r.get("lf-title", "") for r in overview_html(at).rows.values())
    assert "Thanet, against the Kent and Medway trajectory" in notes
    assert "Thanet, against the Kent trajectory" in notes
    assert metrics(at)[label("at_risk")] == 8
    assert links(at)["People who feel lonely often or always"] == f"indicator=loneliness_often_always&area={THANET}"
    # the link keeps the view's other filters, so the page it opens shows the same selection


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
        assert present.not_assessable_text(ind) in shown
    assert "5 cannot be assessed against a trajectory</summary>" in "".join(m.value for m in at.markdown)


def test_supporting_measures_show_the_parts_where_kent_and_medway_has_none(registry):
    at = open_page()
    assert '<h2 id="lf-h-supporting" class="lf-outcome-h">Supporting measures (no target)</h2>' in \
        "".join(m.value for m in at.markdown)
    shown = page_text(at).replace("\\", "").replace("\u2060", "")
    assert "Kent 6.7 in 2021/22; Medway" in shown  # Oflog ASC1, published for each council, not for both
    assert links(at)[registry.indicator("oflog_asc1_carer_qol").title] == "indicator=oflog_asc1_carer_qol&area=E54000032"


@pytest.mark.parametrize("value", ["nowhere", "X_MEDIAN_ASC"])
def test_an_area_the_dashboard_does_not_offer_falls_back_to_the_default(value):
    at = open_page(area=value)
    assert at.sidebar.selectbox(key="f_area").value == "E54000032"
    assert overview_rows(at)["loneliness_often_always"] == DEFAULT["loneliness_often_always"]
