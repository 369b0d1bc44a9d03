"""With LOGFRAME_MIN_COUNT=10, a value from a count of 7 appears nowhere: not on any page (text, tables, chart data,
downloads), not in a board pack, not from status or validate, not from any named query."""
import base64
import json
import subprocess
import sys

import numpy as np
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from logframe import boardpack, db
from logframe.extracts import take_snapshot
from tests.app.conftest import open_page
from tests.conftest import ROOT, write_extract

SECRET = 13.37  # the value whose count (7) is below the minimum (10)
SECRET_CI = (12.11, 14.63)
LONELY, KM, THANET = "loneliness_often_always", "E54000032", "E07000114"
DISTRICTS = [f"E070001{n:02d}" for n in range(5, 17)]


def row(area, period, value, numerator, lo=None, hi=None):
    return {"indicator_id": LONELY, "area_code": area, "period": period, "value": value, "lower_ci": lo,
            "upper_ci": hi, "numerator": numerator, "denominator": 2000.0, "value_note": None}


@pytest.fixture
def folder(extracts, monkeypatch):
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "10")
    rows = [row(KM, "2023/24", 7.0, 400.0, 6.5, 7.5), row(KM, "2024/25", SECRET, 7.0, *SECRET_CI)]
    rows += [row(a, "2024/25", 8.0 + n / 10, 120.0, 7.0, 9.5) for n, a in enumerate(DISTRICTS) if a != THANET]
    rows += [row(THANET, "2024/25", SECRET, 7.0, *SECRET_CI), row("E10000016", "2024/25", 8.1, 600.0, 7.9, 8.3)]
    write_extract(extracts / "lonely.parquet", rows)
    # a group's figure from a small count is suppressed too (queries/breakdowns.sql, the Indicator page's groups)
    write_extract(extracts / "groups.parquet", [
        {**row(KM, "2024/25", SECRET, 7.0, *SECRET_CI), "breakdown_type": "sex", "breakdown": "Female"},
        {**row(KM, "2024/25", 7.5, 300.0, 7.0, 8.0), "breakdown_type": "sex", "breakdown": "Male"}])
    # the same Kent and Medway key in an older file: a conflict whose newer value is suppressed
    write_extract(extracts / "older.parquet", [row(KM, "2024/25", 6.9, 380.0, 6.4, 7.4)], mtime=1_700_000_000)
    return extracts


def numbers(obj):
    """Every number in a plotly figure spec, typed arrays ('bdata') decoded."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            yield from np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"])).tolist()
            return
        for v in obj.values():
            yield from numbers(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from numbers(v)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        yield obj


def leaked(text: str) -> bool:
    return any(s in text for s in ("13.37", "12.11", "14.63"))


@pytest.fixture
def downloads(monkeypatch):
    files = []
    load = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        files.append(path_or_data if isinstance(path_or_data, bytes) else b"")
        return load(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


@pytest.mark.parametrize("path, params", [
    (None, {}), (None, {"area": THANET}), ("pages/indicator.py", {"indicator": LONELY}),
    ("pages/indicator.py", {"indicator": LONELY, "area": THANET}), ("pages/districts.py", {"indicator": LONELY}),
    ("pages/logframe.py", {}), ("pages/logframe.py", {"area": THANET}), ("pages/data.py", {}),
])
def test_no_page_shows_it(folder, downloads, path, params):
    at = open_page(path, **params)
    if path is None:
        at.button(key="boardpack_prepare").click().run()
    texts = [e.value for kind in (at.markdown, at.caption, at.info, at.warning, at.error, at.success) for e in kind]
    tables = [d.value.to_csv() for d in at.dataframe] + [t.value.to_csv() for t in at.table]
    assert not leaked("\n".join(texts + tables))
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert not leaked(json.dumps(spec)) and SECRET not in set(numbers(spec))
    for data in downloads:  # the CSV downloads and the board pack the page hands out
        assert not leaked(data.decode("utf-8", "replace"))
    shown = "\n".join(texts).replace("\\", "").replace("\u2060", "")
    if path in ("pages/indicator.py",) or (path is None and not params):
        assert "suppressed" in shown  # said, not hidden


def test_no_board_pack_status_or_validate_shows_it(folder, registry):
    snap = take_snapshot(folder, registry)
    for area in (KM, THANET):
        pack = boardpack.build_boardpack(registry, snap, area=area)
        assert not leaked(pack)
    env = {"LOGFRAME_EXTRACTS_DIR": str(folder), "LOGFRAME_MIN_COUNT": "10"}
    import os
    for args in (["status", "--json"], ["status", "--json", "--area", THANET], ["validate", str(folder)]):
        out = subprocess.run([sys.executable, "-m", "logframe", *args], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, **env})
        assert not leaked(out.stdout + out.stderr), args
    status = json.loads(subprocess.run([sys.executable, "-m", "logframe", "status", "--json"], cwd=ROOT,
                                       capture_output=True, text=True, env={**os.environ, **env}).stdout)
    lonely = next(r for r in status if r["indicator_id"] == LONELY)
    assert (lonely["period"], lonely["value"], lonely["suppressed_period"]) == ("2023/24", 7.0, "2024/25")


def test_every_named_query_leaves_it_out(folder, registry):
    snap = take_snapshot(folder, registry)
    params = {
        "observations": {"indicator_ids": None, "area_codes": None},
        "board_series": {"indicator_ids": [LONELY, LONELY], "area_codes": [KM, THANET]},
        "district_values": {"indicator_id": LONELY, "period": "2024/25", "area_codes": [THANET, KM, *DISTRICTS]},
        "district_coverage": {"district_codes": DISTRICTS},
        "latest_periods": {}, "conflicts": {}, "read_check": {},
        "breakdowns": {"indicator_id": LONELY, "area_codes": None},
        "breakdown_coverage": {"area_codes": [KM, THANET, *DISTRICTS]},
    }
    not_run_on_the_snapshot = {"stg_observations", "validate_rows", "extract_summary", "normalise_extract"}
    names = {p.stem for p in db.QUERIES_DIR.glob("*.sql")} - not_run_on_the_snapshot
    names = {n for n in names if not n.startswith(("import_", "store_"))}
    assert names == set(params), "a new named query needs a case here"
    for name, extra in params.items():
        frame = snap.run(name, **extra)
        assert not leaked(frame.to_csv()), name
        for column in frame.select_dtypes("number"):
            assert SECRET not in frame[column].tolist(), (name, column)
        if "numerator" in frame:
            assert not (frame["numerator"] == 7.0).any(), name  # the small count itself is not shown either


def test_a_query_that_forgets_the_minimum_does_not_run():
    import duckdb
    con = db.connection().cursor()
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM stg_observations([], [], [])").fetchall()
