"""python -m logframe status --json: the board's four targets, filters, and the extracts folder it reads."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, write_extract

# The board's four targets on the shipped data: (geography, baseline, its period, target, its period, status,
# illustrative). Reablement is judged on ASCOF's real figures, whose latest (2020/21) predates the 2021/22 baseline;
# carers' satisfaction is published for Kent and for Medway but not for Kent and Medway together.
BOARD = {
    "loneliness_often_always": ("E54000032", 7.3, "2020/21", 5.0, "2028/29", "at_risk", True),
    "reablement_still_home_91_days_kent": ("E10000016", 84.5, "2021/22", 85.0, "2028/29", "no_data", False),
    "frailty_emergency_admissions": ("E54000032", 4625.4, "2023", 4556.0, "2028", "at_risk", True),
    "carer_satisfaction_very_satisfied": ("E54000032", 32.3, "2021/22", 45.0, "2028", "no_data", None),
}


def status(*args, env=None):
    out = subprocess.run([sys.executable, "-m", "logframe", "status", "--json", *args], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def default_rows():
    env = {"LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts")}
    return status(env=env)


@pytest.mark.parametrize("indicator", BOARD)
def test_board_targets_carry_seed_baselines_targets_and_a_status(default_rows, indicator):
    geography, base, base_period, target, target_period, state, illustrative = BOARD[indicator]
    own = [r for r in default_rows if r["indicator_id"] == indicator and r["area_code"] == geography]
    assert len(own) == 1
    r = own[0]
    assert (r["baseline_value"], r["baseline_period"], r["target_value"], r["target_period"]) == (
        base, base_period, target, target_period)
    assert (r["status"], r["illustrative"]) == (state, illustrative)
    if state != "no_data":
        assert r["milestone"] is not None and r["source_file"].endswith(".parquet")
    for key in ("period", "value", "lower_ci", "upper_ci", "projected_value"):
        assert key in r


def test_loneliness_2024_25_milestone_is_6_15(default_rows):
    r = next(r for r in default_rows if r["indicator_id"] == "loneliness_often_always" and r["area_code"] == "E54000032")
    assert r["period"] == "2024/25" and r["milestone"] == pytest.approx(6.15)


def test_the_default_is_the_overview_of_kent_and_medway(default_rows, registry):
    assert len(default_rows) == len(registry.indicators)  # every indicator lies within Kent and Medway
    kent_only = next(r for r in default_rows if r["indicator_id"] == "smoking_routine_manual_kent")
    assert (kent_only["area_code"], kent_only["own_geography"]) == ("E10000016", "E10000016")


def test_filters_narrow_the_list_and_a_district_is_judged_against_the_larger_area():
    rows = status("--outcome", "SO2", "--area", "E07000114")
    assert rows and {r["area_code"] for r in rows} == {"E07000114"}
    lonely = next(r for r in rows if r["indicator_id"] == "loneliness_often_always")
    assert (lonely["status"], lonely["value"], lonely["period"], lonely["own_geography"]) == (
        "at_risk", 8.2, "2024/25", "E54000032")
    assert not any(r["indicator_id"].startswith("frailty") for r in rows)
    medway = status("--area", "E07000114", "--outcome", "SO3")
    assert "smoking_routine_manual_medway" not in {r["indicator_id"] for r in medway}


def test_only_that_folder_is_read(tmp_path):
    write_extract(tmp_path / "one.parquet", [{"indicator_id": "loneliness_often_always", "area_code": "E07000114",
                                              "period": "2023/24", "value": 8.0}])
    rows = status("--area", "E07000114", env={"LOGFRAME_EXTRACTS_DIR": str(tmp_path)})
    with_data = [r for r in rows if r["value"] is not None]
    assert [(r["indicator_id"], r["area_code"], r["value"]) for r in with_data] == [
        ("loneliness_often_always", "E07000114", 8.0)]
    assert with_data[0]["source_file"] == "one.parquet"
    frailty = [r for r in rows if r["indicator_id"] == "frailty_emergency_admissions"]
    assert [(r["area_code"], r["status"]) for r in frailty] == [("E07000114", "no_data")]


def test_unknown_area_is_a_clear_error_not_a_traceback():
    out = subprocess.run([sys.executable, "-m", "logframe", "status", "--json", "--area", "'; DROP TABLE x; --"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "unknown area " in out.stderr and "Traceback" not in out.stderr


def test_reablement_is_judged_on_published_figures_older_than_the_baseline(default_rows):
    r = next(r for r in default_rows if r["indicator_id"] == "reablement_still_home_91_days_kent"
             and r["area_code"] == "E10000016")
    assert (r["period"], r["value"], r["illustrative"]) == ("2020/21", 86.8, False)
    assert r["source_file"] == "real/ascof/meas-from-asc-of-eng-2021-open-data.parquet"  # never the server's path
    assert r["basis"] == "real" and "before the baseline period 2021/22" in r["verdict"]
    assert "2020/21" in r["reason"] and "before the baseline period 2021/22" in r["reason"]


def test_an_internal_comparator_is_not_an_area_you_can_choose():
    out = subprocess.run([sys.executable, "-m", "logframe", "status", "--area", "X_MEDIAN_ASC"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "unknown area 'X_MEDIAN_ASC'" in out.stderr


def test_a_closed_pipe_ends_in_one_line_not_a_traceback():
    cmd = f"{sys.executable} -m logframe status --json | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}"
    out = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    assert out.stdout.strip() == "2" and out.stderr.strip() == "output closed before it was all written"


def test_an_area_may_be_given_by_its_name(default_rows):
    env = {"LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts")}
    by_name, by_code = status("--area", "thanet", env=env), status("--area", "E07000114", env=env)
    assert by_name == by_code and {r["area_code"] for r in by_name} == {"E07000114"}


def test_a_financial_year_written_2025_26_is_judged_as_2025_26(extracts):
    (extracts / "loneliness.csv").write_text("indicator_id,area_code,period,value,lower_ci,upper_ci\n"
                                             "loneliness_often_always,E54000032,2024-25,6.5,6.0,7.0\n"
                                             "loneliness_often_always,E54000032,2025-26,6.4,5.9,6.9\n")
    row = next(r for r in status() if r["indicator_id"] == "loneliness_often_always")
    # the financial year 2025/26 (midpoint 2025.75), not the calendar years 2025 to 2026 (midpoint 2026.0)
    assert row["period"] == "2025/26" and row["milestone"] == pytest.approx(7.3 - 2.3 * 5 / 8, abs=0.005)
    assert "2025/26" in row["verdict"] and "2025-26" not in row["verdict"]
def test_every_row_says_its_basis_with_figures_rounded_as_published_and_paths_relative(default_rows, registry):
    from logframe.present import DEFAULT_DIGITS
    for r in default_rows:
        ind = registry.indicators[r["indicator_id"]]
        shown = r["value"] is not None or r["parts"]
        assert r["basis"] in (("real", "derived", "illustrative") if shown else (None,)), r["indicator_id"]
        if r["value"] is not None:
            assert r["basis"] == ("illustrative" if r["illustrative"] else "derived" if r["derived"] else "real")
            assert bool(r["derived_from"]) == r["derived"]  # a derived figure always says what it was derived from
        for part in r["parts"]:
            assert part["basis"] in ("real", "derived", "illustrative")
            assert part["source_file"] is None or not part["source_file"].startswith("/"), part
        assert r["source_file"] is None or not r["source_file"].startswith("/")
        digits = DEFAULT_DIGITS.get(ind.unit, 2)
        for key in ("value", "lower_ci", "upper_ci", "milestone", "projected_value"):
            if r[key] is not None:  # no float noise such as 4601.688333333331
                assert round(r[key], digits) == r[key], (r["indicator_id"], key, r[key])
        for key in ("rate_needed", "rate_achieved"):
            if r[key] is not None:
                assert round(r[key], 2) == r[key], (r["indicator_id"], key, r[key])
    carers = next(r for r in default_rows if r["indicator_id"] == "carer_satisfaction_very_satisfied")
    assert carers["basis"] == "real" and [p["source_file"] for p in carers["parts"]] == [
        "real/ascof/reshaped_2018_19.parquet"] * 2
