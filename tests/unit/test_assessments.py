"""logframe.assessments: the one judging rule, the typed assessment, and the headline, on small extracts."""
import pytest

from logframe import assessments, board, present
from logframe.extracts import take_snapshot
from tests.conftest import write_extract

KM, KENT, MEDWAY, THANET = "E54000032", "E10000016", "E06000035", "E07000114"
LONELY, FRAILTY, KCC, OFLOG = ("loneliness_often_always", "frailty_emergency_admissions", "kcc_spend_in_county",
                               "oflog_asc1_carer_qol")
RM_KENT, RM_MEDWAY = "smoking_routine_manual_kent", "smoking_routine_manual_medway"


# (indicator, its geography) x chosen area -> where it is judged (None: not listed)
@pytest.mark.parametrize("indicator, chosen, judged", [
    (LONELY, KM, KM), (LONELY, KENT, KENT), (LONELY, MEDWAY, MEDWAY), (LONELY, THANET, THANET),  # KM target
    (RM_KENT, KM, KENT),  # under Kent and Medway, a Kent-only indicator shows Kent's figure
    (RM_KENT, KENT, KENT), (RM_KENT, THANET, THANET),  # a Kent district is judged against Kent's trajectory
    (RM_KENT, MEDWAY, None),  # not listed for Medway
    (RM_MEDWAY, KM, MEDWAY), (RM_MEDWAY, MEDWAY, MEDWAY),
    (RM_MEDWAY, THANET, None), (RM_MEDWAY, KENT, None),  # a Medway indicator is not listed for Kent or a district
])
def test_the_judging_rule(registry, indicator, chosen, judged):
    assert assessments.judged_area(registry, registry.indicator(indicator), chosen) == judged
    assert (indicator in {i.id for i in assessments.listed(registry, chosen)}) == (judged is not None)


def test_within_follows_parents(registry):
    assert assessments.within(registry, THANET, KM) and assessments.within(registry, THANET, THANET)
    assert not assessments.within(registry, KM, THANET) and not assessments.within(registry, MEDWAY, KENT)


def row(indicator, area, period, value, **more):
    return {"indicator_id": indicator, "area_code": area, "period": period, "value": value, "lower_ci": None,
            "upper_ci": None, "numerator": None, "value_note": None, **more}


@pytest.fixture
def folder(tmp_path, registry):
    write_extract(tmp_path / "real.parquet", [
        row(LONELY, KM, "2023/24", 6.9, lower_ci=6.5, upper_ci=7.3),
        row(LONELY, KM, "2024/25", 6.1, lower_ci=5.8, upper_ci=6.4),
        row(LONELY, THANET, "2024/25", None, value_note="suppressed"),
        row(LONELY, THANET, "2023/24", 8.0),
        row(FRAILTY, KENT, "2023", 4500.0), row(FRAILTY, MEDWAY, "2023", 4700.0),
        row(OFLOG, KENT, "2021/22", 6.7),
    ])
    return tmp_path


def test_one_assessment_per_listed_indicator_with_its_provenance(registry, folder):
    got = assessments.by_id(assessments.assess(registry, take_snapshot(folder, registry), KM))
    assert set(got) == {i.id for i in assessments.listed(registry, KM)}
    lonely = got[LONELY]
    assert (lonely.area_code, lonely.status, lonely.value, lonely.period) == (KM, "on_track", 6.1, "2024/25")
    assert (lonely.previous_status, lonely.previous_period) == ("at_risk", "2023/24")
    assert lonely.basis == "real" and lonely.source_file == str(folder / "real.parquet")
    assert not lonely.judged_elsewhere
    assert got[KCC].status == "not_assessable" and got[KCC].area_code == KENT  # a Kent indicator under KM


def test_no_figure_of_its_own_shows_the_parts(registry, folder):
    frailty = assessments.assess(registry, take_snapshot(folder, registry), KM, indicator=FRAILTY)[0]
    assert frailty.status == "no_data" and frailty.value is None
    assert [(p.area_code, p.value) for p in frailty.parts] == [(KENT, 4500.0), (MEDWAY, 4700.0)]
    assert frailty.reason_code == "parts_only"
    assert "parts" in present.reason_text(registry.indicator(FRAILTY), frailty)
    oflog = assessments.assess(registry, take_snapshot(folder, registry), KM, indicator=OFLOG)[0]
    assert [(p.area_code, p.period) for p in oflog.parts] == [(KENT, "2021/22")]


def test_a_later_suppressed_figure_is_named_not_hidden(registry, folder):
    thanet = assessments.assess(registry, take_snapshot(folder, registry), THANET, indicator=LONELY)[0]
    assert thanet.judged_elsewhere and thanet.own_geography == KM
    assert (thanet.period, thanet.suppressed_period) == ("2023/24", "2024/25")


def test_only_suppressed_figures_say_so(registry, tmp_path):
    write_extract(tmp_path / "x.parquet", [row(LONELY, KM, "2024/25", None, numerator=3.0, value_note="small")])
    a = assessments.assess(registry, take_snapshot(tmp_path, registry), KM, indicator=LONELY)[0]
    assert a.status == "no_data" and a.suppressed_period == "2024/25"
    assert (a.reason_code, a.missing) == ("latest_missing", "suppressed")  # the query's suppressed column
    assert present.reason_text(registry.indicator(LONELY), a) == (
        "The latest figure, for 2024/25, is suppressed (a count too small to publish).")


def test_headline_counts_statuses_and_what_they_rest_on(registry, folder):
    judged = assessments.assess(registry, take_snapshot(folder, registry), KM)
    head = assessments.headline(judged, registry)
    assert sum(head.counts.values()) == len([a for a in judged if not registry.indicators[a.indicator_id].supporting])
    assert head.counts["on_track"] == 1 and head.real == 1 and head.illustrative == 0
    assert head.real_but_not_judged == 1  # frailty: real figures for the parts only
    assert head.supporting == len(board.supporting(judged, registry))


def test_board_groups_by_outcome_and_keeps_supporting_measures_apart(registry, folder):
    judged = assessments.assess(registry, take_snapshot(folder, registry), KM, outcome="SO2")
    groups = board.by_outcome(judged, registry)
    assert list(groups) == ["SO2"]
    assert LONELY in [a.indicator_id for a in groups["SO2"]["tracked"]]
    assert KCC in [a.indicator_id for a in groups["SO2"]["not_assessable"]]


def test_the_assessments_spc_signal_is_the_indicator_pages(registry):
    """One verdict: the SPC variation the Overview's reason line reads is the XmR chart the Indicator page draws."""
    from logframe import methods
    from tests.conftest import ROOT
    snap = take_snapshot(ROOT / "data" / "extracts", registry)
    monthly = [a for a in assessments.assess(registry, snap, KM) if a.spc_variation is not None]
    assert {a.indicator_id for a in monthly} >= {FRAILTY, "alcohol_admissions"}
    obs = assessments.observations(snap, [a.indicator_id for a in monthly], [KM])
    for a in monthly:
        ind = registry.indicators[a.indicator_id]
        series = methods.area_series(obs[obs["indicator_id"] == ind.id], KM)
        assert methods.spc_state(ind, series, a.milestone).result.variation == a.spc_variation
