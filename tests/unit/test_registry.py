"""The real registry loads with the board targets exact, and a bad registry is rejected naming file, row and field."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from logframe import present
from logframe.periods import parse_period
from logframe.registry import ABSOLUTE_COMPARATORS, REGISTRY_DIR, RegistryError, load_registry

SEED = Path("/work/shared/seeds/001_77a7848c272dcb52.txt")


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_real_registry_loads_everything(reg):
    assert len(reg.indicators) == 74
    assert len([i for i in reg.indicators.values() if not i.supporting]) == 55
    assert list(reg.outcomes) == ["SO1", "SO2", "SO3", "SO4", "SO5", "SO6"]
    assert len(reg.i_statements) == 27
    assert len(reg.actions) == 93
    assert reg.directorates() == ["Adult Social Care", "CYPE", "Communities", "GET", "HROD", "Procurement",
                                  "Public Health"]


# The four board targets, exactly as the plan prints them (frailty's baseline is derived, carers' period assumed).
@pytest.mark.parametrize("id_, baseline, baseline_period, target, comparator, target_period, geography", [
    ("loneliness_often_always", 7.3, "2020/21", 5, "no_more_than", "2028/29", "E54000032"),
    ("reablement_still_home_91_days_kent", 84.5, "2021/22", 85, "at_least", "2028/29", "E10000016"),
    ("frailty_emergency_admissions", 4625.4, "2023", 4556, "no_more_than", "2028", "E54000032"),
    ("carer_satisfaction_very_satisfied", 32.3, "2021/22", 45, "at_least", "2028", "E54000032"),
])
def test_board_targets_are_exact(reg, id_, baseline, baseline_period, target, comparator, target_period, geography):
    ind = reg.indicator(id_)
    assert (ind.baseline_value, ind.baseline_period, ind.target_value, ind.target_comparator, ind.target_period,
            ind.geography) == (baseline, baseline_period, target, comparator, target_period, geography)
    assert ind.quantified and present.not_assessable_text(ind) is None
    assert ind.data_source and ind.definition and ind.assumptions


def test_frailty_baseline_is_the_rate_implied_by_a_one_and_a_half_percent_fall(reg):
    ind = reg.indicator("frailty_emergency_admissions")
    assert round(ind.target_value / (1 - 0.015), 1) == ind.baseline_value
    assert "4,487.7" in ind.assumptions  # the alternative reading is recorded


def test_reablement_medway_is_relative_to_england(reg):
    ind = reg.indicator("reablement_still_home_91_days_medway")
    assert (ind.geography, ind.target_comparator, ind.target_period) == ("E06000035", "match_national", "2028/29")
    assert not ind.quantified
    assert present.not_assessable_text(ind) == "The target is relative to the England average, which the plan does not fix."


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
@pytest.mark.parametrize("id_", ["loneliness_often_always", "reablement_still_home_91_days_kent",
                                 "frailty_emergency_admissions", "carer_satisfaction_very_satisfied"])
def test_board_statements_match_the_seed_lines_they_cite(reg, id_):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    ind = reg.indicator(id_)
    cited = [lines[int(n) - 1] for n in re.findall(r"001_77a7848c272dcb52\.txt:(\d+)", ind.source_location)]
    printed = ind.statement.replace("By 2028/29", "Bw2028/29")  # the GET copy's OCR, repaired in the registry
    assert any(ind.statement in line or printed in line for line in cited)


def test_relative_change_with_a_printed_baseline_is_made_absolute(reg):
    kent, medway = reg.indicator("smoking_routine_manual_kent"), reg.indicator("smoking_routine_manual_medway")
    assert (kent.baseline_value, kent.target_value, kent.target_comparator) == (28.1, 19.1, "no_more_than")
    assert (medway.baseline_value, medway.target_value, medway.target_comparator) == (20.1, 11.1, "no_more_than")


def test_every_quantified_indicator_has_parseable_periods_in_order(reg):
    quantified = [i for i in reg.indicators.values() if i.quantified]
    assert len(quantified) == 17
    for ind in quantified:
        assert ind.target_comparator in ABSOLUTE_COMPARATORS
        assert parse_period(ind.baseline_period).position < parse_period(ind.target_period).position, ind.id


def test_every_period_in_the_registry_parses(reg):
    for ind in reg.indicators.values():
        for label in (ind.baseline_period, ind.target_period, ind.rebase_period):
            if label is not None:
                parse_period(label)


@pytest.mark.parametrize("id_, reason", [
    ("year6_severe_obesity", "direction only ('severe obesity will have reduced from 5%')"),
    ("net_zero_progress_nhs_la", "Qualitative milestone with no numeric target."),
    ("oflog_asc1_carer_qol", "Supporting measure: no target in the log-frame."),
    ("childhood_vaccinations_routine", "no baseline value"),
    ("le_birth_female", "a rise of 1 year"),
    ("ltc_emergency_admissions", "hold the 2024 level"),
])
def test_not_assessable_reasons_are_plain_english(reg, id_, reason):
    ind = reg.indicator(id_)
    assert not ind.quantified
    assert reason in present.not_assessable_text(ind)


def test_oflog_measures_are_supporting_without_targets(reg):
    oflog = [i for i in reg.indicators.values() if i.id.startswith("oflog_")]
    assert [i.id.split("_")[1] for i in oflog] == [f"asc{n}" for n in range(1, 8)]
    for ind in oflog:
        assert ind.supporting and ind.target_comparator == "none" and ind.target_value is None
        assert ind.polarity and "Open Government Licence v3.0" in ind.data_source
    # The other supporting measures are the published ASCOF and ONS series the plan's indicators differ from.
    others = [i for i in reg.indicators.values() if i.supporting and not i.id.startswith("oflog_")]
    assert {i.id.split("_")[0] for i in others} == {"ascof", "ons"}
    assert all(i.published_series and (i.ascof_measure or i.ons_indicator) for i in others)


def test_areas(reg):
    assert len(reg.areas) >= 16
    districts = reg.districts()
    assert sorted(a.code for a in districts) == [f"E070001{n:02d}" for n in range(5, 17)]
    assert [a.name for a in districts] == sorted(a.name for a in districts)
    assert all(a.parent == "E10000016" for a in districts)
    assert "Shepway" in reg.areas["E07000112"].other_names
    assert reg.area_name("E54000032") == "Kent and Medway"
    assert {reg.areas[c].kind for c in ("E10000016", "E06000035", "E92000001", "X_MEDIAN_ASC")} == {
        "county", "unitary", "country", "comparator"}
    assert all(i.geography in reg.areas for i in reg.indicators.values())


def test_every_outcome_with_i_statements_in_the_plan_has_them(reg):
    for code in ("SO1", "SO2", "SO3", "SO4", "SO5", "SO6"):
        assert reg.outcome_indicators(code), code
        assert reg.outcome_i_statements(code), code
    assert reg.outcome_actions("SO6")


def test_lookups_fail_with_a_message(reg):
    with pytest.raises(KeyError, match="no_such"):
        reg.indicator("no_such")
    with pytest.raises(KeyError, match="E99999999"):
        reg.area_name("E99999999")


def test_readme_lists_the_assumptions_of_every_indicator(reg):
    readme = (REGISTRY_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Assumptions", 1)[1]
    for ind in reg.indicators.values():
        if ind.assumptions:
            assert f"`{ind.id}`" in section, ind.id


# ---- a bad registry is rejected, naming file, data row and field ----

def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "registry"
    shutil.copytree(REGISTRY_DIR, d)
    return d


def _edit(path: Path, row: int, **changes: str) -> None:
    """Change fields of one data row (1-based) of a registry CSV."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    rows[row - 1].update(changes)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize("file, row, changes, field", [
    ("indicators.csv", 3, {"polarity": "up"}, "polarity"),
    ("indicators.csv", 4, {"geography": "E99999999"}, "geography"),
    ("indicators.csv", 5, {"id": "smoking_at_time_of_delivery"}, "id"),  # duplicate of row 1
    ("indicators.csv", 11, {"baseline_value": "7.3%"}, "baseline_value"),
    ("indicators.csv", 11, {"target_period": "April 2029"}, "target_period"),
    ("indicators.csv", 2, {"shared_outcome": "SO7"}, "shared_outcome"),
    ("indicators.csv", 6, {"id": "Bad-Id"}, "id"),
    ("indicators.csv", 7, {"directorates": "CYPE;Finance"}, "directorates"),
    ("indicators.csv", 8, {"supporting": "yes"}, "supporting"),
    ("indicators.csv", 1, {"baseline_period": ""}, "baseline_period"),  # a baseline value needs its period
    ("indicators.csv", 11, {"target_comparator": "at_least"}, "target_comparator"),  # contradicts lower_is_better
    ("indicators.csv", 11, {"target_period": "2019/20"}, "target_period"),  # before the baseline
    ("indicators.csv", 12, {"baseline_value": "180"}, "baseline_value"),  # not a percentage
    ("indicators.csv", 9, {"data_source": ""}, "data_source"),
    ("indicators.csv", 3, {"ascof_measure": "2b(1)"}, "ascof_measure"),
    ("indicators.csv", 3, {"ons_indicator": "Cigarette smokers/5 years"}, "ons_indicator"),
    ("indicators.csv", 3, {"comparison_method": "overlap"}, "comparison_method"),
    ("indicators.csv", 3, {"spc_screening": "sometimes"}, "spc_screening"),
    ("shared_outcomes.csv", 2, {"code": "SO9"}, "code"),
    ("areas.csv", 3, {"kind": "town"}, "kind"),
    ("areas.csv", 1, {"parent": "E10000099"}, "parent"),
    ("i_statements.csv", 4, {"shared_outcome": "SO8"}, "shared_outcome"),
    ("actions.csv", 5, {"shared_outcomes": "SO1;S02"}, "shared_outcomes"),
    ("actions.csv", 6, {"directorate": "Finance"}, "directorate"),
])
def test_bad_registry_row_is_named(tmp_path, file, row, changes, field):
    d = _copy(tmp_path)
    _edit(d / file, row, **changes)
    with pytest.raises(RegistryError) as e:
        load_registry(d)
    message = str(e.value)
    assert file in message and f"row {row}" in message and f"field '{field}'" in message, message


def test_error_names_the_indicator_id(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "indicators.csv", 11, polarity="down")
    with pytest.raises(RegistryError, match=r"indicators\.csv row 11 \(id 'loneliness_often_always'\), "
                                            r"field 'polarity': 'down' is not one of"):
        load_registry(d)


def test_missing_column_is_named(tmp_path):
    d = _copy(tmp_path)
    text = (d / "areas.csv").read_text(encoding="utf-8").replace("other_names,", "", 1)
    (d / "areas.csv").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"areas\.csv header row: missing column\(s\) other_names"):
        load_registry(d)


def test_missing_file_is_named(tmp_path):
    d = _copy(tmp_path)
    (d / "actions.csv").unlink()
    with pytest.raises(RegistryError, match=r"actions\.csv: file not found"):
        load_registry(d)
