"""The command line on another partnership's registry (tests/fixtures/other_registry, selected by
LOGFRAME_REGISTRY_DIR): status, validate and the board pack name its areas and never Kent's."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import OTHER_REGISTRY as OTHER
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def env(other_extracts):
    return {**os.environ, "LOGFRAME_REGISTRY_DIR": str(OTHER), "LOGFRAME_EXTRACTS_DIR": str(other_extracts)}


def logframe(env, *args):
    return subprocess.run([sys.executable, "-m", "logframe", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env)


def test_status_judges_the_other_partnership_by_default(env, other):
    out = logframe(env, "status", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["indicator_id"] for r in rows} == set(other.indicators)
    own = {r["indicator_id"]: r for r in rows if r["area_code"] == r["own_geography"]}
    assert own["falls_admissions_65_plus"]["area_code"] == "E10000017"  # Lancashire's own indicator, judged there
    assert own["physically_active_adults"]["area_code"] == other.partnership
    assert all(r["status"] != "no_data" and r["illustrative"] for r in own.values())
    assert "Kent" not in out.stdout


def test_status_of_a_district_by_name(env):
    out = logframe(env, "status", "--json", "--area", "Preston")
    assert out.returncode == 0, out.stderr
    assert {r["area_code"] for r in json.loads(out.stdout)} == {"E07000123"}


def test_validate_accepts_the_generated_extracts(env):
    out = logframe(env, "validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Kent" not in out.stdout + out.stderr


def test_the_board_pack_names_the_other_partnership(env, other, tmp_path):
    pack = tmp_path / "pack.html"
    out = logframe(env, "boardpack", "--out", str(pack))
    assert out.returncode == 0, out.stderr
    html = pack.read_text(encoding="utf-8")
    assert "Lancashire and South Cumbria Integrated Care Strategy: log-frame board pack" in html
    assert all(ind.title in html for ind in other.indicators.values())
    assert "Kent" not in html and "Medway" not in html
