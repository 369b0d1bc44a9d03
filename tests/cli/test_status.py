"""python -m logframe status --json: the board's four targets, filters, and the extracts folder it reads."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, write_extract

BOARD = {
    "loneliness_often_always": ("E54000032", 7.3, "2020/21", 5.0, "2028/29"),
    "reablement_still_home_91_days_kent": ("E10000016", 84.5, "2021/22", 85.0, "2028/29"),
    "frailty_emergency_admissions": ("E54000032", 4625.4, "2023", 4556.0, "2028"),
    "carer_satisfaction_very_satisfied": ("E54000032", 32.3, "2021/22", 45.0, "2028"),
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
    geography, base, base_period, target, target_period = BOARD[indicator]
    own = [r for r in default_rows if r["indicator_id"] == indicator and r["area_code"] == geography]
    assert len(own) == 1
    r = own[0]
    assert (r["baseline_value"], r["baseline_period"], r["target_value"], r["target_period"]) == (
        base, base_period, target, target_period)
    assert r["status"] in {"achieved", "on_track", "at_risk", "off_track"}
    assert r["milestone"] is not None and r["source_file"].endswith(".parquet")
    for key in ("period", "value", "lower_ci", "upper_ci", "projected_value"):
        assert key in r


def test_loneliness_2024_25_milestone_is_6_15(default_rows):
    r = next(r for r in default_rows if r["indicator_id"] == "loneliness_often_always" and r["area_code"] == "E54000032")
    assert r["period"] == "2024/25" and r["milestone"] == pytest.approx(6.15)


def test_filters_narrow_the_list(default_rows):
    rows = status("--outcome", "SO2", "--area", "E07000114")
    assert rows and {r["area_code"] for r in rows} == {"E07000114"}
    assert {r["indicator_id"] for r in rows} <= {r["indicator_id"] for r in default_rows}
    assert "loneliness_often_always" in {r["indicator_id"] for r in rows}
    assert not any(r["indicator_id"].startswith("frailty") for r in rows)


def test_own_geography_listed_even_without_data_and_only_that_folder_is_read(tmp_path):
    write_extract(tmp_path / "one.parquet", [{"indicator_id": "loneliness_often_always", "area_code": "E07000114",
                                              "period": "2023/24", "value": 8.0}])
    rows = status(env={"LOGFRAME_EXTRACTS_DIR": str(tmp_path)})
    with_data = [r for r in rows if r["value"] is not None]
    assert [(r["indicator_id"], r["area_code"], r["value"]) for r in with_data] == [
        ("loneliness_often_always", "E07000114", 8.0)]
    assert with_data[0]["source_file"] == str(tmp_path / "one.parquet")
    frailty = [r for r in rows if r["indicator_id"] == "frailty_emergency_admissions"]
    assert [(r["area_code"], r["status"]) for r in frailty] == [("E54000032", "no_data")]


def test_unknown_area_is_a_clear_error_not_a_traceback():
    out = subprocess.run([sys.executable, "-m", "logframe", "status", "--json", "--area", "'; DROP TABLE x; --"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "unknown area code" in out.stderr and "Traceback" not in out.stderr
